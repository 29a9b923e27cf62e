import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL points at a server (as in CI). */
export const backends: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface FreshDatabase {
	/** For App config: a URL (PostgreSQL) or a data directory (PGlite). */
	databaseUrl?: string;
	dataDir: string;
	drop(): Promise<void>;
}

/**
 * An empty database of the given kind: a new PGlite directory, or a new database created on the
 * server DATABASE_URL points at, dropped again afterwards.
 */
export async function freshDatabase(backend: Backend): Promise<FreshDatabase> {
	const dataDir = await mkdtemp(join(tmpdir(), 'converge-test-'));
	if (backend === 'pglite') {
		return { dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
	}
	const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	const name = `converge_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	await admin.unsafe(`create database ${name}`);
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${name}`;
	return {
		databaseUrl: url.toString(),
		dataDir,
		async drop() {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from './connection.ts';
import { sql } from './sql.ts';

export interface Migration {
	version: number;
	name: string;
	text: string;
	checksum: string;
}

/** Raised when the migrations on disk and the ones recorded in the database disagree. */
export class MigrationError extends Error {
	name = 'MigrationError';
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

async function readMigrations(dir: string): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
	const migrations: Migration[] = [];
	for (const file of files) {
		const match = FILE.exec(file);
		if (!match) throw new MigrationError(`${file}: migration files are named NNNN_name.sql`);
		const text = await readFile(join(dir, file), 'utf8');
		migrations.push({
			version: Number(match[1]),
			name: match[2],
			text,
			checksum: createHash('sha256').update(text).digest('hex')
		});
	}
	migrations.forEach((m, i) => {
		if (i > 0 && migrations[i - 1].version === m.version) {
			throw new MigrationError(`${file(migrations[i - 1])} and ${file(m)} have the same number`);
		}
		if (m.version !== i + 1) {
			throw new MigrationError(
				`migration ${String(i + 1).padStart(4, '0')} is missing: found ${file(m)} instead`
			);
		}
	});
	return migrations;
}

function file(m: Pick<Migration, 'version' | 'name'>) {
	return `${String(m.version).padStart(4, '0')}_${m.name}.sql`;
}

/**
 * The key of the PostgreSQL advisory lock that migrations run under ('Conv' in ASCII): processes
 * started together on an empty database take turns, and the later ones find nothing to do.
 */
const MIGRATION_LOCK = 0x436f6e76;

/**
 * Applies the migrations not yet recorded, in order, each in its own transaction. Refuses to run
 * when a recorded migration was edited or has disappeared, or when the files have a gap.
 * Returns the versions it applied. On PostgreSQL it holds an advisory lock meanwhile, on a
 * connection of its own: another process migrating the same database waits for it, and the lock
 * goes with the connection if this process dies.
 */
export async function migrate(db: Database, dir: string): Promise<number[]> {
	const migrations = await readMigrations(dir);
	if (db.kind === 'pglite') return applyPending(db, migrations);
	return db.session(async (lock) => {
		await lock.query(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
		try {
			return await applyPending(db, migrations);
		} finally {
			// Fails only when the connection is gone, and the lock went with it: the outcome of the
			// migrations is what the caller needs to hear.
			await lock.query(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
		}
	});
}

async function applyPending(db: Database, migrations: Migration[]): Promise<number[]> {
	await db.exec(`create table if not exists schema_migrations (
		version integer primary key,
		name text not null,
		checksum text not null,
		applied_at timestamptz not null default now()
	)`);
	const applied = await db.query<{ version: number; name: string; checksum: string }>(
		sql`select version, name, checksum from schema_migrations order by version`
	);
	for (const row of applied) {
		const m = migrations[row.version - 1];
		if (!m) {
			throw new MigrationError(
				`the database has migration ${file(row)} applied, but the file is missing`
			);
		}
		if (m.checksum !== row.checksum) {
			throw new MigrationError(
				`${file(m)} was changed after it was applied; add a new migration instead`
			);
		}
	}
	const pending = migrations.slice(applied.length);
	for (const m of pending) {
		await db.transaction(async (tx) => {
			await tx.exec(m.text);
			await tx.query(
				sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`
			);
		});
	}
	return pending.map((m) => m.version);
}

/** The newest migration recorded in the database (0 before the first). */
export async function schemaVersion(db: Queryable): Promise<number> {
	const [row] = await db.query<{ version: number }>(
		sql`select coalesce(max(version), 0)::int as version from schema_migrations`
	);
	return row.version;
}

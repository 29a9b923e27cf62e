import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import postgres from 'postgres';
import { Breaker } from './outage.ts';
import type { Fragment } from './sql.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- row shapes are declared per query
export type Row = Record<string, any>;

/** What the rest of the server needs from a database: queries, a transaction, and a way to close. */
export interface Queryable {
	query<T extends Row = Row>(statement: Fragment): Promise<T[]>;
	/** Runs several statements separated by semicolons, without parameters (migration files). */
	exec(text: string): Promise<void>;
}

export interface Database extends Queryable {
	readonly kind: 'postgres' | 'pglite';
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	/**
	 * Runs `fn` on one connection of its own, for what lives as long as a session (an advisory
	 * lock); the other queries go on meanwhile. PGlite has one connection, which it lends.
	 */
	session<T>(fn: (connection: Queryable) => Promise<T>): Promise<T>;
	/** True while PostgreSQL is known to be unreachable (its breaker is open); PGlite never is. */
	readonly unreachable?: boolean;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** A postgres:// URL; when absent, PGlite is used. */
	url?: string;
	/** PGlite's data directory, or `memory://` for a throwaway database. */
	dataDir?: string;
	/** Where a PostgreSQL outage is reported (PGlite runs in this process and has none). */
	log?: (message: string, details?: Record<string, unknown>) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	return options.url
		? openPostgres(options.url, new Breaker({ log: options.log }))
		: openPglite(options.dataDir ?? './data');
}

function bytes(value: unknown): unknown {
	// postgres.js sends a Buffer as bytea; a bare Uint8Array would be sent as text.
	return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}

async function openPostgres(url: string, breaker: Breaker): Promise<Database> {
	const client = postgres(url, {
		max: 10,
		onnotice: () => {},
		// JIT compiling pays off only for long analytic scans. The planner overestimates recursive
		// queries (demand over merge chains) enough to cross its cost threshold, and compiling then
		// took 4.5 s of a 5 s statement that runs in 0.4 s without it (bench/feedback.ts, import).
		connection: { jit: 'off' }
	});
	await client`select 1`;

	type Client = postgres.Sql | postgres.TransactionSql;
	const wrap = (c: Client): Queryable => ({
		async query<T extends Row>(statement: Fragment) {
			const rows = await breaker.run(() =>
				c.unsafe(statement.text, statement.params.map(bytes) as never[])
			);
			return rows as unknown as T[];
		},
		async exec(text) {
			await breaker.run(() => c.unsafe(text));
		}
	});
	return {
		kind: 'postgres',
		...wrap(client),
		transaction: (fn) => breaker.run(() => client.begin((tx) => fn(wrap(tx)))) as never,
		async session(fn) {
			const reserved = await breaker.run(() => client.reserve());
			try {
				return await fn(wrap(reserved));
			} finally {
				reserved.release();
			}
		},
		get unreachable() {
			return breaker.open;
		},
		close: () => client.end({ timeout: 5 })
	};
}

/**
 * PGlite touches all of its shared buffers at start: 128 MB by default, far more than Converge's
 * working set (documents are cached by the rooms, not by the database), so they are kept small.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * Creates a new PGlite data directory in a child process. initdb runs in a second PGlite and a
 * WASM module of its own: in this process their hundreds of megabytes would be given back only
 * at some later garbage collection, and a worker thread keeps about 100 MB after it exits.
 */
async function initialiseApart(dataDir: string): Promise<void> {
	const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
	const script = `require(process.argv[1]).PGlite.create(process.argv[2]).then((db) => db.close())`;
	await new Promise<void>((resolve, reject) =>
		execFile(process.execPath, ['-e', script, pglite, dataDir], (error, _, stderr) =>
			error ? reject(new Error(`PGlite's initdb failed: ${stderr || error.message}`)) : resolve()
		)
	);
}

async function openPglite(dataDir: string): Promise<Database> {
	const onDisk = !dataDir.includes('://');
	if (onDisk && !existsSync(join(dataDir, 'PG_VERSION'))) await initialiseApart(dataDir);
	// pg_trgm finds similar ideas (migration 0007); PostgreSQL ships it, PGlite loads it here.
	const db = await PGlite.create(dataDir, {
		extensions: { pg_trgm },
		startParams: PGLITE_START_PARAMS
	});
	type Client = Pick<PGlite, 'query' | 'exec'>;
	const wrap = (c: Client): Queryable => ({
		async query<T extends Row>(statement: Fragment) {
			const result = await c.query<T>(statement.text, statement.params);
			return result.rows;
		},
		async exec(text) {
			await c.exec(text);
		}
	});
	return {
		kind: 'pglite',
		...wrap(db),
		transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
		session: (fn) => fn(wrap(db)),
		close: () => db.close()
	};
}

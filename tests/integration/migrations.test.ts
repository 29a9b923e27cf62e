import { appendFile, cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { migrate, MigrationError } from '../../server/db/migrate.ts';
import { sql } from '../../server/db/sql.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import { startServerProcess } from '../helpers/server-process.ts';

/** The project's migrations, and the file names that would come after them. */
const existing = (await readdir('migrations')).filter((f) => f.endsWith('.sql')).length;
const next = (offset: number, name: string) =>
	`${String(existing + offset).padStart(4, '0')}_${name}.sql`;
const versions = Array.from({ length: existing }, (_, i) => i + 1);

describe.each(backends)('migrate on %s', (backend) => {
	let database: FreshDatabase;
	let db: Database;
	let dir: string;

	beforeEach(async () => {
		database = await freshDatabase(backend);
		db = await openDatabase({ url: database.databaseUrl, dataDir: database.dataDir });
		dir = await mkdtemp(join(tmpdir(), 'converge-migrations-'));
		await cp('migrations', dir, { recursive: true });
	});

	afterEach(async () => {
		await db.close();
		await database.drop();
		await rm(dir, { recursive: true, force: true });
	});

	it('applies every migration once, in order, and records it', async () => {
		await writeFile(join(dir, next(1, 'extra')), 'create table extra (id int primary key);');
		expect(await migrate(db, dir)).toEqual([...versions, existing + 1]);
		expect(await migrate(db, dir)).toEqual([]);
		const recorded = await db.query(
			sql`select version, name from schema_migrations order by version`
		);
		expect(recorded[0]).toEqual({ version: 1, name: 'init' });
		expect(recorded.at(-1)).toEqual({ version: existing + 1, name: 'extra' });
		expect(recorded).toHaveLength(existing + 1);
	});

	it.runIf(backend === 'postgres')(
		'[FB13] opens PostgreSQL connections with JIT compiling off',
		async () => {
			const [{ jit }] = await db.query<{ jit: string }>(sql`select current_setting('jit') as jit`);
			expect(jit).toBe('off');
		}
	);

	it('refuses a gap in the numbering and applies nothing', async () => {
		await writeFile(join(dir, next(2, 'after_a_gap')), 'create table skipped (id int);');
		await expect(migrate(db, dir)).rejects.toThrow(
			new RegExp(`migration ${next(1, 'x').slice(0, 4)} is missing`)
		);
		const tables = await db.query(
			sql`select 1 from information_schema.tables where table_name = 'users'`
		);
		expect(tables).toHaveLength(0);
	});

	it('refuses two migrations with the same number', async () => {
		await writeFile(join(dir, '0001_twin.sql'), 'select 1;');
		await expect(migrate(db, dir)).rejects.toThrow(/have the same number/);
	});

	it('refuses to start when an applied migration was edited', async () => {
		await migrate(db, dir);
		await appendFile(join(dir, '0001_init.sql'), '\n-- changed afterwards\n');
		await expect(migrate(db, dir)).rejects.toThrow(MigrationError);
		await expect(migrate(db, dir)).rejects.toThrow(/0001_init.sql was changed/);
	});

	it('rolls back a failing migration as a whole', async () => {
		await writeFile(
			join(dir, next(1, 'broken')),
			'create table half (id int); select * from no_such_table;'
		);
		await expect(migrate(db, dir)).rejects.toThrow();
		const half = await db.query(
			sql`select 1 from information_schema.tables where table_name = 'half'`
		);
		expect(half).toHaveLength(0);
		const recorded = await db.query(sql`select version from schema_migrations order by version`);
		expect(recorded).toEqual(versions.map((version) => ({ version })));
	});
});

describe('server start-up', () => {
	it('stops with a clear message when the migrations have a gap', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'converge-migrations-'));
		await cp('migrations', dir, { recursive: true });
		await writeFile(join(dir, next(2, 'after_a_gap')), 'select 1;');
		const database = await freshDatabase('pglite');
		try {
			await expect(
				startServerProcess({ DATA_DIR: database.dataDir, DATABASE_URL: '', MIGRATIONS_DIR: dir })
			).rejects.toThrow(
				new RegExp(
					`exited with 1:[\\s\\S]*Converge cannot start: migration ${next(1, 'x').slice(0, 4)} is missing`
				)
			);
		} finally {
			await database.drop();
			await rm(dir, { recursive: true, force: true });
		}
	});
});

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { sql } from '../../server/db/sql.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';

describe.each(backends)('migration 0007 (feedback board) on %s', (backend) => {
	let database: FreshDatabase;
	let db: Database;
	let dir: string;

	beforeEach(async () => {
		database = await freshDatabase(backend);
		db = await openDatabase({ url: database.databaseUrl, dataDir: database.dataDir });
		dir = await mkdtemp(join(tmpdir(), 'converge-migrations-'));
	});

	afterEach(async () => {
		await db.close();
		await database.drop();
		await rm(dir, { recursive: true, force: true });
	});

	it('gives each existing workshop creator a product, as its owner, that holds their workshops', async () => {
		// The database as it was before the feedback board.
		await cp('migrations', dir, {
			recursive: true,
			filter: (source) => !/\/0(00[7-9]|0[1-9]\d)_[^/]*\.sql$/.test(source)
		});
		await migrate(db, dir);
		await db.query(sql`
			insert into users (id, email, name) values
				('u-ann', 'ann@converge.test', 'Ann'), ('u-bob', 'bob@converge.test', 'Bob'),
				('u-cat', 'cat@converge.test', 'Cat')`);
		await db.query(sql`
			insert into workshops (id, title, created_by) values
				('w1', 'Q1', 'u-ann'), ('w2', 'Q2', 'u-ann'), ('w3', 'Bob''s', 'u-bob')`);

		await cp('migrations', dir, { recursive: true });
		expect(await migrate(db, dir)).toContain(7);

		const products = await db.query<{
			name: string;
			slug: string;
			user_id: string;
			role: string;
		}>(sql`
			select p.name, p.slug, m.user_id, m.role
			from products p join product_members m on m.product_id = p.id order by p.name`);
		expect(products.map((p) => [p.name, p.user_id, p.role])).toEqual([
			["Ann's product", 'u-ann', 'owner'],
			["Bob's product", 'u-bob', 'owner']
		]);
		for (const p of products) expect(p.slug).toMatch(/^product-[0-9a-f]{10}$/);
		const held = await db.query<{ id: string; owner: string }>(sql`
			select w.id, m.user_id as owner from workshops w
			join product_members m on m.product_id = w.product_id order by w.id`);
		expect(held).toEqual([
			{ id: 'w1', owner: 'u-ann' },
			{ id: 'w2', owner: 'u-ann' },
			{ id: 'w3', owner: 'u-bob' }
		]);
	});
});

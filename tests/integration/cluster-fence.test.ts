import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { sql } from '../../server/db/sql.ts';
import { createDocumentStore } from '../../server/sync/persistence.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';

function ideaUpdate(title: string): Uint8Array {
	const doc = new Y.Doc();
	addIdea(doc, { title, createdBy: 'u' });
	return Y.encodeStateAsUpdate(doc);
}

describe.each(backends)('fenced document writes on %s', (backend) => {
	let database: FreshDatabase;
	let db: Database;

	beforeAll(async () => {
		database = await freshDatabase(backend);
		db = await openDatabase({ url: database.databaseUrl, dataDir: database.dataDir });
		await migrate(db, 'migrations');
	});
	afterAll(async () => {
		await db.close();
		await database.drop();
	});

	const count = async (document: string) =>
		(
			await db.query<{ n: number }>(
				sql`select count(*)::int as n from document_updates where document = ${document}`
			)
		)[0].n;

	it('[SX3] the database refuses a write carrying an older epoch; the owner hears it and nothing of it is confirmed', async () => {
		const stale = 'aaaaaaaaaaaaaaaa';
		const current = 'bbbbbbbbbbbbbbbb';
		await db.query(
			sql`insert into workshop_epochs (workshop_id, epoch) values (${stale}, 2), (${current}, 7)`
		);
		// This process holds epoch 1 of the first workshop (it was replaced) and 7 of the second.
		const epochs = new Map([
			[stale, 1],
			[current, 7]
		]);
		const refused: string[] = [];
		const store = createDocumentStore(db, {
			fence: { epochOf: (id) => epochs.get(id), refused: (id) => refused.push(id) }
		});
		store.append(`board:${stale}`, ideaUpdate('From the old owner'));
		store.append(`ballot:${stale}:cccccccccccccccc`, ideaUpdate('Old ballot'));
		store.append(`board:${current}`, ideaUpdate('Still the owner'));
		await store.flush();

		expect(refused).toEqual([stale]);
		expect(await count(`board:${stale}`)).toBe(0);
		expect(await count(`ballot:${stale}:cccccccccccccccc`)).toBe(0);
		expect(await count(`board:${current}`)).toBe(1);
		// The refused updates are dropped, not retried forever: the store is idle again.
		expect(store.whenCommitted()).toBeNull();

		// Compaction is fenced too: the snapshot of a workshop owned elsewhere is not touched.
		await db.query(
			sql`insert into document_updates (document, data) values (${`board:${stale}`}, ${ideaUpdate('From the new owner')})`
		);
		await store.compact(`board:${stale}`);
		expect(await count(`board:${stale}`)).toBe(1);
		expect(refused).toEqual([stale, stale]);
		await store.close();
	});
});

import { connect } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../server/db/sql.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

/**
 * What the open internet does to the sync server: clients that vanish mid-handshake, and clients
 * that send anything at all.
 */
describe.each(backends)('a hostile network against the sync server on %s', (backend) => {
	const suite = serverSuite(backend);
	let owner: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		owner = await createUser(suite.server.app, 'owner');
		workshopId = await createWorkshopWith(suite.server.app, owner);
	});

	async function storedRows(document: string): Promise<number> {
		const rows = await suite.server.app.db.query<{ n: number }>(
			sql`select count(*)::int as n from document_updates where document = ${document}`
		);
		return rows[0].n;
	}

	/**
	 * Sends a complete, authorised upgrade request and hangs up at once, as a phone that loses its
	 * network does: the server is still checking the session when the client is gone.
	 */
	function abandonUpgrade(path: string, cookie: string, version = 13): Promise<void> {
		const { port } = new URL(suite.server.url);
		return new Promise((resolve) => {
			const socket = connect(Number(port), '127.0.0.1', () => {
				socket.end(
					`GET /sync/${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
						`Connection: Upgrade\r\nSec-WebSocket-Version: ${version}\r\n` +
						`Sec-WebSocket-Key: ${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')}\r\n` +
						`Cookie: ${cookie}\r\n\r\n`,
					() => socket.resetAndDestroy()
				);
			});
			socket.once('close', () => resolve());
			socket.once('error', () => resolve());
		});
	}

	it('[S1] 1,000 abandoned upgrades leave nothing behind: the room unloads and compacts', async () => {
		const board = `board:${workshopId}`;
		const writer = suite.open(owner, workshopId);
		await whenSynced(writer.provider);
		addIdea(writer.doc, { title: 'kept', createdBy: owner.id });
		await eventually(async () => expect(await storedRows(board)).toBeGreaterThan(0));

		const started = Date.now();
		for (let batch = 0; batch < 20; batch++) {
			await Promise.all(
				Array.from({ length: 50 }, (_, i) =>
					abandonUpgrade(
						i % 5 === 0 ? `${workshopId}/tally` : workshopId,
						owner.cookie,
						i % 2 ? 13 : 99
					)
				)
			);
		}
		expect(Date.now() - started).toBeLessThan(30_000);

		writer.provider.destroy();
		await eventually(async () => {
			expect(suite.server.app.sync.connectionCount).toBe(0);
			expect(suite.server.app.rooms.loaded).toEqual([]);
			expect(await storedRows(board)).toBe(0);
		}, 15_000);
		const stored = await suite.server.app.store.load(board);
		expect(stored.length).toBe(1);
	});
});

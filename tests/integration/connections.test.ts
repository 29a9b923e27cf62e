import { beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { sql } from '../../server/db/sql.ts';
import { CloseCode } from '../../server/sync/protocol.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import type { TestUser } from '../helpers/test-server.ts';
import {
	configureWorkshop,
	seedWorkshopRoom,
	type WorkshopRoom
} from '../helpers/workshop-room.ts';

/** Connections follow the session they were opened with, and stay up while idle. */
describe.each(backends)('sync connections over time on %s', (backend) => {
	const KEEPALIVE_MS = 400;
	const SESSION_CHECK_MS = 200;
	const suite = serverSuite(backend, {
		keepaliveMs: KEEPALIVE_MS,
		sessionCheckMs: SESSION_CHECK_MS
	});
	let room: WorkshopRoom<'ann' | 'bob'>;
	let ann: TestUser;
	let bob: TestUser;

	beforeEach(async () => {
		room = await seedWorkshopRoom(suite, { ann: 'participant', bob: 'participant' });
		({ ann, bob } = room.members);
	});

	const ballot = (user: TestUser) => suite.open(user, `${room.workshopId}/ballot/${user.id}`);
	const rice = (reach: number) => ({ reach, impact: 2, confidence: 80, effort: 3 });

	/** The close codes the server sent a stock client, in order. */
	function closeCodes(provider: WebsocketProvider) {
		const codes: number[] = [];
		provider.on('connection-close', (event: CloseEvent | null) => codes.push(event?.code ?? 0));
		return codes;
	}

	/** The session id in a test user's cookie. */
	const sessionOf = (user: TestUser) => user.cookie.split('=')[1].split('.')[0];

	it('[S2] a vote sent on an open ballot socket after sign-out is not counted, and the socket is closed with 4410', async () => {
		await configureWorkshop(suite, room, { frameworks: ['rice'] });
		const watcher = suite.record(room.facilitator, `${room.workshopId}/tally`);
		await watcher.opened;
		const annBallot = ballot(ann);
		await whenSynced(annBallot.provider);
		const codes = closeCodes(annBallot.provider);
		annBallot.provider.shouldConnect = false;

		await suite.server.app.endSession(sessionOf(ann));
		// The client has not yet read the close frame: its socket is open and takes the vote.
		expect(annBallot.provider.wsconnected).toBe(true);
		setEntry(annBallot.doc, 'rice', room.ideaId, rice(111));

		await eventually(() => expect(codes).toEqual([CloseCode.AccessRevoked]));
		// Bob's vote after it shows the tally is live; Ann's is not in it.
		const bobBallot = ballot(bob);
		await whenSynced(bobBallot.provider);
		setEntry(bobBallot.doc, 'rice', room.ideaId, rice(222));
		await eventually(() => expect(watcher.doc.getMap('votes').get(`rice|${room.ideaId}`)).toBe(1));
		await suite.server.app.live.settled();
		expect(watcher.doc.getMap('votes').get(`rice|${room.ideaId}`)).toBe(1);
	});

	it('[S2] a session that expires or is deleted while connected closes its sockets with 4410', async () => {
		const annBallot = ballot(ann);
		const bobBallot = ballot(bob);
		await Promise.all([whenSynced(annBallot.provider), whenSynced(bobBallot.provider)]);
		const annCodes = closeCodes(annBallot.provider);
		const bobCodes = closeCodes(bobBallot.provider);
		for (const c of [annBallot, bobBallot]) c.provider.shouldConnect = false;

		const { db } = suite.server.app;
		await db.query(
			sql`update sessions set expires_at = ${new Date(Date.now() - 1000)} where id = ${sessionOf(ann)}`
		);
		await db.query(sql`delete from sessions where id = ${sessionOf(bob)}`);
		await eventually(
			() => {
				expect(annCodes).toEqual([CloseCode.AccessRevoked]);
				expect(bobCodes).toEqual([CloseCode.AccessRevoked]);
			},
			5 * SESSION_CHECK_MS + 2000
		);
	});

	it("[S5] a stock client's 30 s silence timeout never fires on a ballot the server has nothing to send to", async () => {
		const annBallot = ballot(ann);
		await whenSynced(annBallot.provider);
		const codes = closeCodes(annBallot.provider);
		// As if the server had said nothing for 28 s: y-websocket closes and reconnects once it
		// sees more than 30 s (it looks every 3 s), unless something arrives first.
		annBallot.provider.wsLastMessageReceived = Date.now() - 28_000;
		await new Promise((resolve) => setTimeout(resolve, 6_500));
		expect(codes).toEqual([]);
		expect(annBallot.provider.wsconnected).toBe(true);
		expect(Date.now() - annBallot.provider.wsLastMessageReceived).toBeLessThan(
			3 * KEEPALIVE_MS + 1000
		);
	});
});

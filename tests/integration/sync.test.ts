import * as encoding from 'lib0/encoding';
import { beforeEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { sql } from '../../server/db/sql.ts';
import { revokeShare, shareWorkshop } from '../../server/share.ts';
import { CloseCode, MAX_FRAME_BYTES, MessageType } from '../../server/sync/protocol.ts';
import { addIdea, readIdeas } from '../../src/lib/model/board.ts';
import {
	closeEvent,
	eventually,
	rawSocket,
	upgradeStatus,
	whenSynced
} from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import {
	createUser,
	createWorkshopWith,
	startTestServer,
	type TestUser
} from '../helpers/test-server.ts';

describe.each(backends)('sync server on %s', (backend) => {
	// How long an upgrade reuses a recent upgrade's session and role ([TJ1]); [C5] waits it out.
	const ACCESS_CACHE_MS = 200;
	const suite = serverSuite(backend, { accessCacheMs: ACCESS_CACHE_MS });
	let owner: TestUser;
	let participant: TestUser;
	let viewer: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		owner = await createUser(suite.server.app, 'owner');
		participant = await createUser(suite.server.app, 'participant');
		viewer = await createUser(suite.server.app, 'viewer');
		workshopId = await createWorkshopWith(suite.server.app, owner, [
			[participant, 'participant'],
			[viewer, 'viewer']
		]);
	});

	const client = (user: TestUser) => suite.open(user, workshopId);

	async function storedRows(): Promise<number> {
		const rows = await suite.server.app.db.query<{ n: number }>(
			sql`select count(*)::int as n from document_updates where document = ${`board:${workshopId}`}`
		);
		return rows[0].n;
	}

	it('[C1] two stock y-websocket clients converge', async () => {
		const a = client(owner);
		const b = client(participant);
		await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
		addIdea(a.doc, { title: 'From A', createdBy: owner.id });
		addIdea(b.doc, { title: 'From B', createdBy: participant.id });
		await eventually(() => {
			expect(
				readIdeas(a.doc)
					.map((i) => i.title)
					.sort()
			).toEqual(['From A', 'From B']);
			expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
		});
		expect(readIdeas(b.doc)).toEqual(readIdeas(a.doc));
	});

	it('[P2] after a server restart a new client receives everything', async () => {
		const a = client(owner);
		await whenSynced(a.provider);
		for (let i = 0; i < 20; i++) addIdea(a.doc, { title: `idea ${i}`, createdBy: owner.id }, i);
		await eventually(async () => expect(await storedRows()).toBeGreaterThan(0));
		a.provider.destroy();
		await suite.server.close();

		suite.server = await startTestServer(suite.database, { accessCacheMs: ACCESS_CACHE_MS });
		const b = client(participant);
		await whenSynced(b.provider);
		expect(readIdeas(b.doc).map((i) => i.title)).toEqual(
			Array.from({ length: 20 }, (_, i) => `idea ${i}`)
		);
	});

	it('[C2] an upgrade without a session gets 401', async () => {
		const url = `${suite.server.syncUrl}/${workshopId}`;
		expect(await upgradeStatus(url, {})).toBe(401);
		expect(await upgradeStatus(url, { cookie: 'converge_session=forged.token' })).toBe(401);
	});

	it('[C3] an upgrade by a non-member gets 403', async () => {
		const stranger = await createUser(suite.server.app, 'stranger');
		expect(
			await upgradeStatus(`${suite.server.syncUrl}/${workshopId}`, { cookie: stranger.cookie })
		).toBe(403);
	});

	it('[C4] an upgrade from another site gets 403, from this site it is accepted', async () => {
		const url = `${suite.server.syncUrl}/${workshopId}`;
		expect(await upgradeStatus(url, { cookie: owner.cookie, origin: 'https://evil.example' })).toBe(
			403
		);
		expect(await upgradeStatus(url, { cookie: owner.cookie, origin: suite.server.url })).toBe(101);
	});

	it("[R1] a viewer's update never reaches others nor the database", async () => {
		const a = client(owner);
		const v = client(viewer);
		await Promise.all([whenSynced(a.provider), whenSynced(v.provider)]);
		addIdea(a.doc, { title: 'visible to all', createdBy: owner.id });
		await eventually(() => expect(readIdeas(v.doc)).toHaveLength(1));
		await suite.server.app.store.flush();
		const before = await storedRows();

		addIdea(v.doc, { title: 'sneaky', createdBy: viewer.id });
		// A later update from the owner proves the viewer's would have arrived by now.
		addIdea(a.doc, { title: 'marker', createdBy: owner.id });
		await eventually(() => expect(readIdeas(v.doc).map((i) => i.title)).toContain('marker'));
		await suite.server.app.store.flush();
		expect(readIdeas(a.doc).map((i) => i.title)).not.toContain('sneaky');
		expect(await storedRows()).toBe(before + 1);
		// Nor does the viewer appear in the room's presence.
		expect([...a.provider.awareness.getStates().keys()]).not.toContain(v.doc.clientID);
	});

	it('[R2] a viewer that keeps writing is closed with 4403', async () => {
		const v = client(viewer);
		await whenSynced(v.provider);
		const closed = new Promise<number>((resolve) =>
			v.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code))
		);
		for (let i = 0; i < 5; i++) addIdea(v.doc, { title: `spam ${i}`, createdBy: viewer.id });
		expect(await closed).toBe(CloseCode.ReadOnlyViolation);
	});

	it('[B2][B3] a malformed frame closes only that connection and stores nothing', async () => {
		const a = client(owner);
		await whenSynced(a.provider);
		const bad = rawSocket(`${suite.server.syncUrl}/${workshopId}`, { cookie: participant.cookie });
		await new Promise((resolve) => bad.once('open', resolve));
		const rowsBefore = await storedRows();

		const frame = encoding.createEncoder();
		encoding.writeVarUint(frame, MessageType.Sync);
		encoding.writeVarUint(frame, syncProtocol.messageYjsUpdate);
		encoding.writeVarUint8Array(frame, new Uint8Array([200, 1, 255, 255, 255, 7, 9, 9, 9]));
		const closed = closeEvent(bad);
		bad.send(encoding.toUint8Array(frame));
		expect((await closed).code).toBe(CloseCode.MalformedFrame);
		expect(suite.server.logs.some((l) => l.message.includes('bad frame'))).toBe(true);

		// The room goes on: another client still syncs with the first.
		const b = client(participant);
		await whenSynced(b.provider);
		addIdea(a.doc, { title: 'still works', createdBy: owner.id });
		await eventually(() => expect(readIdeas(b.doc).map((i) => i.title)).toEqual(['still works']));
		await suite.server.app.store.flush();
		expect(await storedRows()).toBe(rowsBefore + 1);
	});

	it('[B2] an unknown message type closes with 4401 and a text frame with 4400', async () => {
		const url = `${suite.server.syncUrl}/${workshopId}`;
		const unknown = rawSocket(url, { cookie: participant.cookie });
		await new Promise((resolve) => unknown.once('open', resolve));
		const closedUnknown = closeEvent(unknown);
		unknown.send(new Uint8Array([42, 0]));
		expect((await closedUnknown).code).toBe(CloseCode.UnknownMessageType);

		const text = rawSocket(url, { cookie: participant.cookie });
		await new Promise((resolve) => text.once('open', resolve));
		const closedText = closeEvent(text);
		text.send('hello');
		expect((await closedText).code).toBe(CloseCode.MalformedFrame);
	});

	it('[B1] a frame over 1 MiB closes that connection', async () => {
		const big = rawSocket(`${suite.server.syncUrl}/${workshopId}`, { cookie: participant.cookie });
		await new Promise((resolve) => big.once('open', resolve));
		const closed = closeEvent(big);
		big.send(new Uint8Array(MAX_FRAME_BYTES + 1));
		expect((await closed).code).toBe(CloseCode.FrameTooLarge);
		expect(await storedRows()).toBe(0);
	});

	it('[P1] updates are group-committed: many edits, few statements, all stored', async () => {
		const a = client(owner);
		await whenSynced(a.provider);
		for (let i = 0; i < 50; i++) addIdea(a.doc, { title: `burst ${i}`, createdBy: owner.id });
		await eventually(async () => expect(await storedRows()).toBe(50));
	});

	it('[C6] removing access closes open connections with 4410', async () => {
		const p = client(participant);
		await whenSynced(p.provider);
		const closed = new Promise<number>((resolve) =>
			p.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code))
		);
		const count = suite.server.app.sync.disconnect(
			(grant) => grant.userId === participant.id && grant.workshopId === workshopId
		);
		expect(count).toBe(1);
		expect(await closed).toBe(CloseCode.AccessRevoked);
	});
	it('[C5] the permission is decided once per connection: a role changed in the database alone leaves an open connection as it was, a new one gets the new role ([TJ1]: once the access cache let it go)', async () => {
		const board = client(participant);
		const watcher = client(owner);
		await Promise.all([whenSynced(board.provider), whenSynced(watcher.provider)]);
		const ballot = `${suite.server.syncUrl}/${workshopId}/ballot/${participant.id}`;
		expect(await upgradeStatus(ballot, { cookie: participant.cookie })).toBe(101);
		await suite.server.app.db.query(
			sql`update memberships set role = 'viewer' where workshop_id = ${workshopId} and user_id = ${participant.id}`
		);
		addIdea(board.doc, { title: 'from the open connection', createdBy: participant.id });
		await eventually(() =>
			expect(readIdeas(watcher.doc).map((i) => i.title)).toEqual(['from the open connection'])
		);
		await new Promise((resolve) => setTimeout(resolve, ACCESS_CACHE_MS));
		expect(await upgradeStatus(ballot, { cookie: participant.cookie })).toBe(403);
	});

	it('[C8] a share link opens board, control and tally as a viewer, never a ballot; revoked, it is refused with 401 and its connections close with 4410', async () => {
		const { token, link } = await shareWorkshop(suite.server.app, owner.id, workshopId, {});
		const url = (path: string) =>
			`${suite.server.syncUrl}/${workshopId}${path}?share=${encodeURIComponent(token)}`;
		for (const path of ['', '/control', '/tally'])
			expect(await upgradeStatus(url(path), {})).toBe(101);
		expect(await upgradeStatus(url(`/ballot/${participant.id}`), {})).toBe(403);

		// As a viewer: what it sends is not written.
		const shared = rawSocket(url(''), {});
		await new Promise((resolve) => shared.once('open', resolve));
		const doc = new Y.Doc();
		addIdea(doc, { title: 'from a share link', createdBy: owner.id });
		const frame = encoding.createEncoder();
		encoding.writeVarUint(frame, MessageType.Sync);
		syncProtocol.writeUpdate(frame, Y.encodeStateAsUpdate(doc));
		shared.send(encoding.toUint8Array(frame));
		const a = client(owner);
		await whenSynced(a.provider);
		await suite.server.app.store.flush();
		expect(readIdeas(a.doc)).toEqual([]);
		expect(await storedRows()).toBe(0);

		const closed = closeEvent(shared);
		await revokeShare(suite.server.app, owner.id, workshopId, link.id);
		expect((await closed).code).toBe(CloseCode.AccessRevoked);
		expect(await upgradeStatus(url(''), {})).toBe(401);
	});

	it('[B4] a document over its byte limit closes writes with 4413', async () => {
		await suite.server.close();
		suite.server = await startTestServer(suite.database, {
			maxDocumentBytes: 4096,
			accessCacheMs: ACCESS_CACHE_MS
		});
		try {
			const p = client(participant);
			await whenSynced(p.provider);
			const closed = new Promise<number>((resolve) =>
				p.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code))
			);
			// Titles are cut short, so the limit is passed by many ideas rather than one long one.
			for (let i = 0; i < 60; i++) {
				addIdea(p.doc, { title: `idea ${i} ${'x'.repeat(100)}`, createdBy: participant.id });
			}
			expect(await closed).toBe(CloseCode.DocumentFull);
			p.provider.destroy();
		} finally {
			await suite.server.close();
			suite.server = await startTestServer(suite.database, { accessCacheMs: ACCESS_CACHE_MS });
		}
	});
});

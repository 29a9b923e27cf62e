import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRejections, rejectionKey, setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { CloseCode } from '../../server/sync/protocol.ts';
import { eventually, upgradeStatus, whenSynced, wireValues } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, type TestUser } from '../helpers/test-server.ts';
import {
	configureWorkshop,
	seedWorkshopRoom,
	type WorkshopRoom
} from '../helpers/workshop-room.ts';

describe.each(backends)('ballots and tally on %s', (backend) => {
	const suite = serverSuite(backend);
	let facilitator: TestUser;
	let ann: TestUser;
	let bob: TestUser;
	let viewer: TestUser;
	let room: WorkshopRoom<'ann' | 'bob' | 'viewer'>;
	let workshopId: string;
	let ideaId: string;

	beforeEach(async () => {
		room = await seedWorkshopRoom(suite, {
			ann: 'participant',
			bob: 'participant',
			viewer: 'viewer'
		});
		({ facilitator, workshopId, ideaId } = room);
		({ ann, bob, viewer } = room.members);
	});

	/** A stock client on one of the workshop's documents ('' is the board). */
	const open = (user: TestUser, path: string) => suite.open(user, workshopId + path);
	const record = (user: TestUser, path: string) => suite.record(user, workshopId + path);
	const configure = (settings: Record<string, unknown>, revealed?: Record<string, boolean>) =>
		configureWorkshop(suite, room, settings, revealed);

	const rice = (reach: number) => ({ reach, impact: 2, confidence: 80, effort: 3 });

	it('[V1] a user can open only their own ballot; a viewer has none', async () => {
		const url = (owner: TestUser) => `${suite.server.syncUrl}/${workshopId}/ballot/${owner.id}`;
		expect(await upgradeStatus(url(ann), { cookie: ann.cookie })).toBe(101);
		expect(await upgradeStatus(url(ann), { cookie: bob.cookie })).toBe(403);
		expect(await upgradeStatus(url(ann), { cookie: facilitator.cookie })).toBe(403);
		expect(await upgradeStatus(url(viewer), { cookie: viewer.cookie })).toBe(403);
	});

	it('[V2] a tally written by a client is refused: not forwarded, not stored, then closed', async () => {
		const writer = open(ann, '/tally');
		const reader = open(bob, '/tally');
		await Promise.all([whenSynced(writer.provider), whenSynced(reader.provider)]);
		const closed = new Promise<number>((resolve) =>
			writer.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code))
		);
		for (let i = 0; i < 5; i++) writer.doc.getMap('aggregates').set(`forged|${i}`, { score: 1e9 });
		expect(await closed).toBe(CloseCode.ReadOnlyViolation);
		await suite.server.app.store.flush();
		expect(reader.doc.getMap('aggregates').has('forged|0')).toBe(false);
		const stored = new Y.Doc();
		for (const update of await suite.server.app.store.load(`tally:${workshopId}`)) {
			Y.applyUpdate(stored, update);
		}
		expect([...stored.getMap('aggregates').keys()].filter((k) => k.startsWith('forged'))).toEqual(
			[]
		);
	});

	it('[V3] only facilitators write the control document', async () => {
		const control = open(ann, '/control');
		await whenSynced(control.provider);
		control.doc.getMap('revealed').set('rice', true);
		const facilitatorView = open(facilitator, '/control');
		await whenSynced(facilitatorView.provider);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(facilitatorView.doc.getMap('revealed').get('rice')).toBeUndefined();
	});

	it('[V4] blind mode keeps individual scores off the wire until the reveal', async () => {
		await configure({ frameworks: ['rice'], blind: true });
		const watcher = record(bob, '/tally');
		await watcher.opened;
		const annBallot = open(ann, `/ballot/${ann.id}`);
		await whenSynced(annBallot.provider);
		setEntry(annBallot.doc, 'rice', ideaId, rice(987_654));

		// The room learns that one person voted, and nothing else.
		await eventually(() => expect(watcher.doc.getMap('votes').get(`rice|${ideaId}`)).toBe(1));
		await suite.server.app.live.settled();
		expect(watcher.doc.getMap('aggregates').size).toBe(0);
		expect(watcher.doc.getMap('individual').size).toBe(0);
		expect(wireValues(watcher.received)).not.toContain('987654');

		await configure({}, { rice: true });
		await eventually(() =>
			expect(watcher.doc.getMap('individual').get(`rice|${ideaId}|${ann.id}`)).toMatchObject({
				name: 'ann',
				entry: rice(987_654)
			})
		);
		expect(wireValues(watcher.received)).toContain('987654');
	});

	it("[V4] an idea revealed on its own sends its scores and no other idea's", async () => {
		const board = open(facilitator, '');
		await whenSynced(board.provider);
		const otherId = addIdea(board.doc, { title: 'Audit log', createdBy: facilitator.id });
		const control = await configure({ frameworks: ['rice'], blind: true });
		const watcher = record(bob, '/tally');
		await watcher.opened;
		const annBallot = open(ann, `/ballot/${ann.id}`);
		await whenSynced(annBallot.provider);
		annBallot.doc.transact(() => {
			setEntry(annBallot.doc, 'rice', ideaId, rice(987_654));
			setEntry(annBallot.doc, 'rice', otherId, rice(123_456));
		});

		await eventually(() => expect(watcher.doc.getMap('votes').get(`rice|${otherId}`)).toBe(1));
		await suite.server.app.live.settled();
		expect(watcher.doc.getMap('individual').size).toBe(0);
		expect(wireValues(watcher.received)).not.toContain('987654');

		control.doc.getMap('revealedIdeas').set(`rice|${ideaId}`, true);
		await eventually(() =>
			expect(watcher.doc.getMap('individual').get(`rice|${ideaId}|${ann.id}`)).toMatchObject({
				entry: rice(987_654)
			})
		);
		await suite.server.app.live.settled();
		// Unranked: readers rank rows without a rank, and a rank among hidden ideas would tell.
		expect(watcher.doc.getMap('aggregates').get(`rice|${ideaId}`)).toMatchObject({ rank: null });
		expect(watcher.doc.getMap('aggregates').has(`rice|${otherId}`)).toBe(false);
		expect(watcher.doc.getMap('individual').has(`rice|${otherId}|${ann.id}`)).toBe(false);
		expect(watcher.doc.getMap('summary').has('rice')).toBe(false);
		expect(wireValues(watcher.received)).toContain('987654');
		expect(wireValues(watcher.received)).not.toContain('123456');
	});

	it('[V5] anonymous mode never sends individual scores, before or after the reveal', async () => {
		await configure({ frameworks: ['rice'], blind: false, anonymous: true });
		const watcher = record(viewer, '/tally');
		await watcher.opened;
		const voters = [ann, bob, facilitator];
		const reaches = [4_321_987, 7_654_123, 5_000_000];
		const ballots = voters.map((v) => open(v, `/ballot/${v.id}`));
		await Promise.all(ballots.map((b) => whenSynced(b.provider)));

		// Two votes: an aggregate of two would give both away, so only the count is shown.
		setEntry(ballots[0].doc, 'rice', ideaId, rice(reaches[0]));
		setEntry(ballots[1].doc, 'rice', ideaId, rice(reaches[1]));
		await eventually(() =>
			expect(watcher.doc.getMap('aggregates').get(`rice|${ideaId}`)).toEqual({
				ideaId,
				count: 2,
				hidden: true
			})
		);
		setEntry(ballots[2].doc, 'rice', ideaId, rice(reaches[2]));
		await eventually(() =>
			expect(watcher.doc.getMap('aggregates').get(`rice|${ideaId}`)).toMatchObject({
				count: 3,
				median: { reach: 5_000_000 }
			})
		);
		await configure({}, { rice: true });
		await suite.server.app.live.settled();
		expect(watcher.doc.getMap('individual').size).toBe(0);
		const wire = wireValues(watcher.received);
		expect(wire).not.toContain('4321987');
		expect(wire).not.toContain('7654123');
	});

	it('[V6] invalid entries are left out of the tally and reported to their author', async () => {
		await configure({ frameworks: ['rice'] });
		const watcher = open(bob, '/tally');
		const a = open(ann, `/ballot/${ann.id}`);
		await Promise.all([whenSynced(watcher.provider), whenSynced(a.provider)]);
		setEntry(a.doc, 'rice', ideaId, { reach: 10, impact: 7, confidence: 80, effort: 1 });

		await eventually(() =>
			expect(readRejections(a.doc).get(rejectionKey('rice', ideaId))).toMatch(/Impact/)
		);
		await suite.server.app.live.settled();
		expect(watcher.doc.getMap('votes').get(`rice|${ideaId}`)).toBeUndefined();

		// Correcting the entry clears the report and counts the vote.
		setEntry(a.doc, 'rice', ideaId, rice(10));
		await eventually(() => {
			expect(readRejections(a.doc).size).toBe(0);
			expect(watcher.doc.getMap('votes').get(`rice|${ideaId}`)).toBe(1);
		});
	});

	it('[V7] ballot changes reach the tally in batches, not one delivery per vote', async () => {
		await configure({ frameworks: ['matrix'] });
		const voters = await Promise.all(
			Array.from({ length: 12 }, (_, i) => createUser(suite.server.app, `v${i}`))
		);
		const { addMember } = await import('../../server/db/workshops.ts');
		for (const v of voters) await addMember(suite.server.app.db, workshopId, v.id, 'participant');
		const ballots = voters.map((v) => open(v, `/ballot/${v.id}`));
		await Promise.all(ballots.map((b) => whenSynced(b.provider)));
		const watcher = record(facilitator, '/tally');
		await watcher.opened;
		await suite.server.app.live.settled();
		const before = watcher.received.length;

		ballots.forEach((b, i) => setEntry(b.doc, 'matrix', ideaId, { value: 10 + i, effort: 50 }));
		await eventually(() => expect(watcher.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(12));
		// Twelve votes within one batch window arrive as a handful of tally updates.
		expect(watcher.received.length - before).toBeLessThan(6);
		const aggregate = watcher.doc.getMap('aggregates').get(`matrix|${ideaId}`) as {
			median: { value: number };
		};
		// values 10..21: median (15 + 16) / 2
		expect(aggregate.median.value).toBe(15.5);
	});

	it('[V8] votes cast offline merge when the voter reconnects', async () => {
		await configure({ frameworks: ['matrix'] });
		const watcher = open(bob, '/tally');
		const a = open(ann, `/ballot/${ann.id}`);
		await Promise.all([whenSynced(watcher.provider), whenSynced(a.provider)]);
		a.provider.disconnect();
		setEntry(a.doc, 'matrix', ideaId, { value: 80, effort: 20 });
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(watcher.doc.getMap('votes').get(`matrix|${ideaId}`)).toBeUndefined();
		a.provider.connect();
		await eventually(() => expect(watcher.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(1));
	});

	it('[V9] a ballot of the wrong shape breaks nobody else', async () => {
		await configure({ frameworks: ['matrix'] });
		const watcher = open(bob, '/tally');
		const a = open(ann, `/ballot/${ann.id}`);
		const b = open(bob, `/ballot/${bob.id}`);
		await Promise.all([
			whenSynced(watcher.provider),
			whenSynced(a.provider),
			whenSynced(b.provider)
		]);
		a.doc.getMap('matrix').set(ideaId, 'not a placement');
		a.doc.getMap('matrix').set('no-such-idea', { value: 1, effort: 1 });
		a.doc.getArray('matrix-as-array').push([new Y.Map()]);
		setEntry(b.doc, 'matrix', ideaId, { value: 60, effort: 40 });
		await eventually(() =>
			expect(watcher.doc.getMap('aggregates').get(`matrix|${ideaId}`)).toMatchObject({
				count: 1,
				median: { value: 60, effort: 40 }
			})
		);
	});
});

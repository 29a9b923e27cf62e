import { beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { CloseCode } from '../../server/sync/protocol.ts';
import { addProxy, changeRole, openRoom, removeFromWorkshop } from '../../server/workshops.ts';
import {
	closeEvent,
	eventually,
	upgradeStatus,
	whenSynced,
	wireValues
} from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import type { TestUser } from '../helpers/test-server.ts';
import {
	configureWorkshop,
	seedWorkshopRoom,
	type WorkshopRoom
} from '../helpers/workshop-room.ts';

describe.each(backends)('proxy votes and hidden functions on %s', (backend) => {
	const suite = serverSuite(backend);
	let facilitator: TestUser;
	let ann: TestUser;
	let bob: TestUser;
	let room: WorkshopRoom<'ann' | 'bob'>;
	let workshopId: string;
	let ideaId: string;

	beforeEach(async () => {
		room = await seedWorkshopRoom(suite, { ann: 'participant', bob: 'participant' });
		({ facilitator, workshopId, ideaId } = room);
		({ ann, bob } = room.members);
	});

	/** A stock client on one of the workshop's documents ('' is the board). */
	const open = (user: TestUser, path: string) => suite.open(user, workshopId + path);
	const record = (user: TestUser, path: string) => suite.record(user, workshopId + path);
	const configure = (settings: Record<string, unknown>, revealed?: Record<string, boolean>) =>
		configureWorkshop(suite, room, settings, revealed);

	const addSam = () =>
		addProxy(suite.server.app, facilitator.id, workshopId, {
			name: 'Sam (in room)',
			function: 'Sales'
		});

	it('[V10] only facilitators open a proxy person’s ballot; nobody can open it as Sam', async () => {
		const sam = await addSam();
		const url = `${suite.server.syncUrl}/${workshopId}/ballot/${sam.userId}`;
		expect(await upgradeStatus(url, { cookie: facilitator.cookie })).toBe(101);
		expect(await upgradeStatus(url, { cookie: ann.cookie })).toBe(403);
		// A proxy person is not an account: a facilitator's reach stops at proxies.
		const annBallot = `${suite.server.syncUrl}/${workshopId}/ballot/${ann.id}`;
		expect(await upgradeStatus(annBallot, { cookie: facilitator.cookie })).toBe(403);
	});

	it('[V10] a proxy ballot counts like anyone’s, and its individual entries say proxy', async () => {
		await configure({ frameworks: ['matrix'], blind: false });
		const sam = await addSam();
		const watcher = record(bob, '/tally');
		await watcher.opened;
		await eventually(() => expect(watcher.doc.getMap('status').get('voters')).toBe(4));

		const proxyBallot = open(facilitator, `/ballot/${sam.userId}`);
		const annBallot = open(ann, `/ballot/${ann.id}`);
		await Promise.all([whenSynced(proxyBallot.provider), whenSynced(annBallot.provider)]);
		setEntry(proxyBallot.doc, 'matrix', ideaId, { value: 80, effort: 20 });
		setEntry(annBallot.doc, 'matrix', ideaId, { value: 60, effort: 40 });

		await eventually(() => {
			expect(watcher.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(2);
			expect(watcher.doc.getMap('voted').get(`matrix|${sam.userId}`)).toBe(1);
		});
		const individual = watcher.doc.getMap('individual');
		expect(individual.get(`matrix|${ideaId}|${sam.userId}`)).toEqual({
			name: 'Sam (in room)',
			function: 'Sales',
			entry: { value: 80, effort: 20 },
			proxy: true
		});
		expect(individual.get(`matrix|${ideaId}|${ann.id}`)).not.toHaveProperty('proxy');
	});

	it('[V10] removing a proxy person closes their ballot and takes their vote out', async () => {
		await configure({ frameworks: ['matrix'], blind: false });
		const sam = await addSam();
		const proxyBallot = open(facilitator, `/ballot/${sam.userId}`);
		await whenSynced(proxyBallot.provider);
		const closed = closeEvent(proxyBallot.provider.ws as unknown as WebSocket);
		setEntry(proxyBallot.doc, 'matrix', ideaId, { value: 80, effort: 20 });
		const watcher = record(bob, '/tally');
		await watcher.opened;
		await eventually(() => expect(watcher.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(1));

		await removeFromWorkshop(suite.server.app, facilitator.id, workshopId, sam.userId);
		expect((await closed).code).toBe(CloseCode.AccessRevoked);
		await eventually(() => {
			expect(watcher.doc.getMap('votes').has(`matrix|${ideaId}`)).toBe(false);
			expect(watcher.doc.getMap('status').get('voters')).toBe(3);
		});
	});

	it('[V10] a proxy person always stays a participant', async () => {
		const sam = await addSam();
		await expect(
			changeRole(suite.server.app, facilitator.id, workshopId, sam.userId, { role: 'observer' })
		).rejects.toThrow(/proxy/);
	});

	it('[F1] while functions are hidden, presence and the tally carry no function until the reveal', async () => {
		await configure({ frameworks: ['matrix'], blind: true, hideFunctions: true });
		const tally = record(bob, '/tally');
		await tally.opened;
		// Ann's client announces her function anyway (an old or modified client would).
		const annBoard = open(ann, '');
		const bobBoard = open(bob, '');
		await Promise.all([whenSynced(annBoard.provider), whenSynced(bobBoard.provider)]);
		const annState = {
			user: { id: ann.id, name: 'ann', function: 'Engineering', colour: '#009E73' }
		};
		annBoard.provider.awareness.setLocalState(annState);
		const annSeenByBob = () =>
			[...bobBoard.provider.awareness.getStates().values()].find(
				(s) => (s as { user?: { id?: string } }).user?.id === ann.id
			) as { user: Record<string, unknown> } | undefined;
		await eventually(() => expect(annSeenByBob()?.user).toEqual({ id: ann.id, name: 'ann' }));

		const ballots = [ann, bob].map((u) => open(u, `/ballot/${u.id}`));
		await Promise.all(ballots.map((b) => whenSynced(b.provider)));
		setEntry(ballots[0].doc, 'matrix', ideaId, { value: 70, effort: 30 });
		setEntry(ballots[1].doc, 'matrix', ideaId, { value: 20, effort: 60 });
		await eventually(() => expect(tally.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(2));

		// Members' list as a participant sees it: their own function only.
		const asBob = await openRoom(suite.server.app, bob.id, workshopId);
		expect(asBob.members.find((m) => m.userId === ann.id)?.function).toBe('');
		expect(asBob.members.find((m) => m.userId === bob.id)?.function).toBe('Engineering');

		// Revealed results but functions still hidden in them: a version where only blind is lifted.
		await configure({ blind: false });
		await eventually(() =>
			expect(tally.doc.getMap('aggregates').get(`matrix|${ideaId}`)).toBeDefined()
		);
		await suite.server.app.live.settled();
		expect(tally.doc.getMap('individual').size).toBe(0);
		expect(wireValues(tally.received)).not.toContain('Engineering');

		await configure({}, { matrix: true });
		await eventually(() =>
			expect(tally.doc.getMap('individual').get(`matrix|${ideaId}|${ann.id}`)).toMatchObject({
				function: 'Engineering'
			})
		);
		expect(wireValues(tally.received)).toContain('Engineering');
		// The browser announces itself again at the reveal; now it goes out whole.
		annBoard.provider.awareness.setLocalState({ ...annState });
		await eventually(() => expect(annSeenByBob()?.user).toEqual(annState.user));
		const asBobAfter = await openRoom(suite.server.app, bob.id, workshopId);
		expect(asBobAfter.members.find((m) => m.userId === ann.id)?.function).toBe('Engineering');
	});
});

import { beforeEach, describe, expect, it } from 'vitest';
import { readRejections, setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea, readIdeas } from '../../src/lib/model/board.ts';
import { readTimer, remainingMs } from '../../src/lib/model/session.ts';
import { CloseCode } from '../../server/sync/protocol.ts';
import { changeRole, controlTimer, removeFromWorkshop } from '../../server/workshops.ts';
import { eventually, upgradeStatus, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

describe.each(backends)('facilitating a live session on %s', (backend) => {
	const suite = serverSuite(backend);
	let facilitator: TestUser;
	let pat: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		facilitator = await createUser(suite.server.app, 'facilitator');
		pat = await createUser(suite.server.app, 'pat');
		workshopId = await createWorkshopWith(suite.server.app, facilitator, [[pat, 'participant']]);
	});

	const open = (user: TestUser, path = '') => suite.open(user, workshopId + path);

	function closeCodes(c: ReturnType<typeof open>) {
		const codes: number[] = [];
		c.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event) codes.push(event.code);
		});
		return codes;
	}

	async function setControl(values: Record<string, unknown>) {
		const control = open(facilitator, '/control');
		await whenSynced(control.provider);
		control.doc.transact(() => {
			for (const [k, v] of Object.entries(values)) control.doc.getMap('settings').set(k, v);
		});
	}

	it('[C6] removing a person closes their connections within a second and ends their access', async () => {
		const board = open(pat);
		const ballot = open(pat, `/ballot/${pat.id}`);
		await Promise.all([whenSynced(board.provider), whenSynced(ballot.provider)]);
		const codes = [closeCodes(board), closeCodes(ballot)];
		const started = Date.now();
		await removeFromWorkshop(suite.server.app, facilitator.id, workshopId, pat.id);
		await eventually(() => expect(codes.map((c) => c[0])).toEqual([4410, 4410]), 1000);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(
			await upgradeStatus(`${suite.server.syncUrl}/${workshopId}`, { cookie: pat.cookie })
		).toBe(403);
	});

	it('[C7] a role change reconnects the person with the new role', async () => {
		const board = open(pat);
		await whenSynced(board.provider);
		const codes = closeCodes(board);
		await changeRole(suite.server.app, facilitator.id, workshopId, pat.id, { role: 'observer' });
		await eventually(() => expect(codes).toContain(CloseCode.PermissionsChanged));
		// Reconnected as an observer: present, but writes go nowhere and there is no ballot.
		await whenSynced(board.provider);
		const watcher = open(facilitator);
		await whenSynced(watcher.provider);
		addIdea(board.doc, { title: 'from an observer', createdBy: pat.id });
		addIdea(watcher.doc, { title: 'marker', createdBy: facilitator.id });
		await eventually(() => expect(readIdeas(board.doc).map((i) => i.title)).toContain('marker'));
		expect(readIdeas(watcher.doc).map((i) => i.title)).toEqual(['marker']);
		expect(
			await upgradeStatus(`${suite.server.syncUrl}/${workshopId}/ballot/${pat.id}`, {
				cookie: pat.cookie
			})
		).toBe(403);
	});

	it('[C7] the last facilitator cannot step down', async () => {
		await expect(
			changeRole(suite.server.app, facilitator.id, workshopId, facilitator.id, {
				role: 'participant'
			})
		).rejects.toThrow(/needs a facilitator/);
	});

	it('[G1] phases gate ideas: after "collect", participants can no longer change the board', async () => {
		const board = open(pat);
		await whenSynced(board.provider);
		const codes = closeCodes(board);
		await setControl({ phase: 'score' });
		await eventually(() => expect(codes).toContain(CloseCode.PermissionsChanged));
		await whenSynced(board.provider);
		const watcher = open(facilitator);
		await whenSynced(watcher.provider);
		addIdea(board.doc, { title: 'late idea', createdBy: pat.id });
		addIdea(watcher.doc, { title: 'facilitator may', createdBy: facilitator.id });
		await eventually(() =>
			expect(readIdeas(board.doc).map((i) => i.title)).toContain('facilitator may')
		);
		expect(readIdeas(watcher.doc).map((i) => i.title)).toEqual(['facilitator may']);

		// Allowing ideas while scoring opens the board again.
		await setControl({ ideasWhileScoring: true });
		await eventually(() => expect(codes.length).toBeGreaterThanOrEqual(2));
	});

	it('[G2] the lock freezes ballots; unlocking reopens them', async () => {
		const ballot = open(pat, `/ballot/${pat.id}`);
		const tally = open(facilitator, '/tally');
		await Promise.all([whenSynced(ballot.provider), whenSynced(tally.provider)]);
		const board = open(facilitator);
		await whenSynced(board.provider);
		const ideaId = addIdea(board.doc, { title: 'x', createdBy: facilitator.id });
		const codes = closeCodes(ballot);
		await setControl({ locked: true });
		await eventually(() => expect(codes).toContain(CloseCode.PermissionsChanged));
		await whenSynced(ballot.provider);
		setEntry(ballot.doc, 'matrix', ideaId, { value: 90, effort: 10 });
		await new Promise((resolve) => setTimeout(resolve, 200));
		await suite.server.app.live.settled();
		expect(tally.doc.getMap('votes').get(`matrix|${ideaId}`)).toBeUndefined();

		await setControl({ locked: false });
		await eventually(() => expect(codes.length).toBeGreaterThanOrEqual(2));
		// The vote made while locked was never accepted; made again, it counts.
		setEntry(ballot.doc, 'matrix', ideaId, { value: 91, effort: 10 });
		await eventually(() => expect(tally.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(1));
	});

	it('[RM8] scoring opens with the Score phase: before it a participant cannot write their ballot and a facilitator’s entries do not count', async () => {
		const held = await createWorkshopWith(suite.server.app, facilitator, [[pat, 'participant']], {
			earlyScoring: false
		});
		const at = (user: TestUser, path = '') => suite.open(user, held + path);
		const board = at(facilitator);
		const control = at(facilitator, '/control');
		const tally = at(facilitator, '/tally');
		const mine = at(facilitator, `/ballot/${facilitator.id}`);
		const theirs = at(pat, `/ballot/${pat.id}`);
		await Promise.all([board, control, tally, mine, theirs].map((c) => whenSynced(c.provider)));
		const ideaId = addIdea(board.doc, { title: 'x', createdBy: facilitator.id });
		const codes = closeCodes(theirs);
		setEntry(mine.doc, 'matrix', ideaId, { value: 80, effort: 20 });
		setEntry(theirs.doc, 'matrix', ideaId, { value: 90, effort: 10 });
		await eventually(() =>
			expect(readRejections(mine.doc).get(`matrix|${ideaId}`)).toBe(
				'Scoring opens in the Score phase.'
			)
		);
		await suite.server.app.live.settled();
		expect(tally.doc.getMap('votes').get(`matrix|${ideaId}`)).toBeUndefined();

		control.doc.getMap('settings').set('phase', 'score');
		await eventually(() => expect(codes).toContain(CloseCode.PermissionsChanged));
		await whenSynced(theirs.provider);
		// The facilitator's entry counts now; the participant's, written on a read-only
		// connection, was never accepted: written again, it counts.
		await eventually(() => expect(tally.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(1));
		expect(readRejections(mine.doc).size).toBe(0);
		setEntry(theirs.doc, 'matrix', ideaId, { value: 91, effort: 10 });
		await eventually(() => expect(tally.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(2));
	});

	it("[T1] the timer runs on the server's clock and every client reads the same end", async () => {
		const a = open(pat, '/control');
		const b = open(facilitator, '/control');
		await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
		const before = Date.now();
		const timer = await controlTimer(suite.server.app, facilitator.id, workshopId, {
			action: 'start',
			seconds: 120
		});
		expect(timer.endsAt).toBeGreaterThanOrEqual(before + 120_000);
		await eventually(() => {
			expect(readTimer(a.doc)).toEqual(timer);
			expect(readTimer(b.doc)).toEqual(timer);
		});
		await controlTimer(suite.server.app, facilitator.id, workshopId, { action: 'pause' });
		await eventually(() => expect(readTimer(a.doc).status).toBe('paused'));
		expect(remainingMs(readTimer(a.doc), Date.now() + 60_000)).toBeLessThanOrEqual(120_000);
		await expect(
			controlTimer(suite.server.app, pat.id, workshopId, { action: 'stop' })
		).rejects.toThrow(/Only facilitators/);
		await expect(
			controlTimer(suite.server.app, facilitator.id, workshopId, { action: 'start', seconds: -5 })
		).rejects.toThrow(/seconds/);
	});

	it('[T2] a timer with auto-lock locks the session at zero', async () => {
		const control = open(pat, '/control');
		await whenSynced(control.provider);
		await controlTimer(suite.server.app, facilitator.id, workshopId, {
			action: 'start',
			seconds: 1,
			autoLock: true
		});
		await eventually(() => {
			expect(readTimer(control.doc).status).toBe('done');
			expect(control.doc.getMap('settings').get('locked')).toBe(true);
		}, 4000);
	});
});

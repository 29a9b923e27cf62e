import { beforeEach, describe, expect, it } from 'vitest';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { listVersions } from '../../server/db/versions.ts';
import { decide, decisionsOf, reopen } from '../../server/decisions.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

describe.each(backends)('decision records on %s', (backend) => {
	const suite = serverSuite(backend);
	let facilitator: TestUser;
	let pat: TestUser;
	let absent: TestUser;
	let viewer: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		facilitator = await createUser(suite.server.app, 'facilitator');
		pat = await createUser(suite.server.app, 'pat');
		absent = await createUser(suite.server.app, 'absent');
		viewer = await createUser(suite.server.app, 'viewer');
		workshopId = await createWorkshopWith(suite.server.app, facilitator, [
			[pat, 'participant'],
			[absent, 'participant'],
			[viewer, 'viewer']
		]);
	});

	const open = (user: TestUser, path = '') => suite.open(user, workshopId + path);

	/** Two RICE-scored ideas, a capacity that fits one in Now, and Pat connected to the room. */
	async function scoredWorkshop() {
		const board = open(facilitator);
		const control = open(facilitator, '/control');
		const ballot = open(facilitator, `/ballot/${facilitator.id}`);
		const patControl = open(pat, '/control');
		await Promise.all([board, control, ballot, patControl].map((c) => whenSynced(c.provider)));
		control.doc.getMap('settings').set('frameworks', ['rice']);
		control.doc.getMap('roadmap').set('capacity', { now: 2, next: null, later: null });
		const sso = addIdea(board.doc, { title: 'Single sign-on', createdBy: facilitator.id });
		const dark = addIdea(board.doc, { title: 'Dark mode', createdBy: facilitator.id });
		setEntry(ballot.doc, 'rice', sso, { reach: 100, impact: 2, confidence: 100, effort: 2 });
		setEntry(ballot.doc, 'rice', dark, { reach: 100, impact: 1, confidence: 100, effort: 2 });
		await eventually(async () => {
			const tally = open(pat, '/tally');
			await whenSynced(tally.provider);
			expect(tally.doc.getMap('aggregates').get(`rice|${dark}`)).toBeTruthy();
			tally.provider.destroy();
		});
		return { sso, dark, patControl };
	}

	it('[D1] a decision keeps the version, the framework, who took part and the roadmap', async () => {
		const { sso, dark, patControl } = await scoredWorkshop();
		const record = await decide(suite.server.app, facilitator.id, workshopId, {
			rationale: '  SSO unblocks the enterprise deals.  '
		});
		expect(record.rationale).toBe('SSO unblocks the enterprise deals.');
		expect(record.framework).toBe('rice');
		expect(record.weights).toEqual([]);
		expect(record.decidedByName).toBe('facilitator');
		const byName = Object.fromEntries(record.attendance.map((a) => [a.name, a.present]));
		// Viewers only read, so they are not attendees; Pat was connected, "absent" was not.
		expect(byName).toEqual({ facilitator: true, pat: true, absent: false });
		const now = record.roadmap.columns.find((c) => c.horizon === 'now')!;
		expect(now.cards.map((c) => c.ideaId)).toEqual([sso]);
		expect(record.roadmap.columns[1].cards.map((c) => c.ideaId)).toEqual([dark]);

		const versions = await listVersions(suite.server.app.db, workshopId);
		expect(versions.find((v) => v.id === record.versionId)?.kind).toBe('decision');
		// Members, participants included, read it back; the room hears of it live.
		expect((await decisionsOf(suite.server.app, pat.id, workshopId)).standing?.id).toBe(record.id);
		await eventually(() =>
			expect(patControl.doc.getMap('decision').get('standing')).toMatchObject({ id: record.id })
		);
	});

	it('[D2] a decision needs a rationale and a facilitator, and stands until re-opened', async () => {
		await expect(
			decide(suite.server.app, facilitator.id, workshopId, { rationale: '   ' })
		).rejects.toThrow(/A rationale is required/);
		await expect(
			decide(suite.server.app, pat.id, workshopId, { rationale: 'Because' })
		).rejects.toThrow(/Only facilitators/);
		await decide(suite.server.app, facilitator.id, workshopId, { rationale: 'Because' });
		await expect(
			decide(suite.server.app, facilitator.id, workshopId, { rationale: 'Again' })
		).rejects.toMatchObject({ code: 'conflict' });
	});

	it('[D3] re-opening keeps the old record in the history, and a new decision adds one', async () => {
		const { patControl } = await scoredWorkshop();
		const first = await decide(suite.server.app, facilitator.id, workshopId, {
			rationale: 'First call'
		});
		await expect(reopen(suite.server.app, pat.id, workshopId, first.id, {})).rejects.toThrow(
			/Only facilitators/
		);
		const reopened = await reopen(suite.server.app, facilitator.id, workshopId, first.id, {
			reason: 'Sales found a new deal'
		});
		expect(reopened.reopenedAt).toBeInstanceOf(Date);
		expect(reopened.reopenReason).toBe('Sales found a new deal');
		await eventually(() => expect(patControl.doc.getMap('decision').has('standing')).toBe(false));
		await expect(
			reopen(suite.server.app, facilitator.id, workshopId, first.id, {})
		).rejects.toMatchObject({ code: 'conflict' });
		expect((await decisionsOf(suite.server.app, pat.id, workshopId)).standing).toBeNull();

		const second = await decide(suite.server.app, facilitator.id, workshopId, {
			rationale: 'Second call'
		});
		const { standing, history } = await decisionsOf(suite.server.app, pat.id, workshopId);
		expect(standing?.id).toBe(second.id);
		expect(history.map((d) => [d.rationale, d.reopenReason])).toEqual([
			['Second call', ''],
			['First call', 'Sales found a new deal']
		]);
	});
});

import { beforeEach, describe, expect, it } from 'vitest';
import { addIdea, deleteIdea, readIdeas, updateIdea } from '../../src/lib/model/board.ts';
import { listVersions } from '../../server/db/versions.ts';
import { restoreVersion, saveVersion } from '../../server/versions.ts';
import { compareAsJson } from '../../server/version-views.ts';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { readLatestVersion } from '../../src/lib/model/versions.ts';
import { readAggregates } from '../../src/lib/model/tally.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

describe.each(backends)('versions on %s', (backend) => {
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

	it('[H1] restoring a version is a new change everyone sees, and the history is kept', async () => {
		const board = open(facilitator);
		const other = open(pat);
		await Promise.all([whenSynced(board.provider), whenSynced(other.provider)]);
		const first = addIdea(board.doc, { title: 'First', createdBy: facilitator.id });
		await eventually(() => expect(readIdeas(other.doc)).toHaveLength(1));
		const saved = await saveVersion(suite.server.app, facilitator.id, workshopId, {
			name: 'After Q3 workshop'
		});

		updateIdea(board.doc, first, { title: 'First, renamed' });
		addIdea(board.doc, { title: 'Second', createdBy: facilitator.id });
		await eventually(() => expect(readIdeas(other.doc)).toHaveLength(2));

		await restoreVersion(suite.server.app, facilitator.id, workshopId, saved.id);
		await eventually(() => expect(readIdeas(other.doc).map((i) => i.title)).toEqual(['First']));
		const versions = await listVersions(suite.server.app.db, workshopId);
		expect(versions.map((v) => [v.name, v.kind])).toEqual([
			['Before restoring “After Q3 workshop”', 'restore'],
			['After Q3 workshop', 'manual']
		]);

		// The state before the restore is itself restorable.
		await restoreVersion(suite.server.app, facilitator.id, workshopId, versions[0].id);
		await eventually(() =>
			expect(
				readIdeas(other.doc)
					.map((i) => i.title)
					.sort()
			).toEqual(['First, renamed', 'Second'])
		);
		deleteIdea(board.doc, first);
	});

	it('[H2] a version is saved automatically at each phase change', async () => {
		const control = open(facilitator, '/control');
		await whenSynced(control.provider);
		control.doc.getMap('settings').set('phase', 'score');
		await eventually(async () =>
			expect(
				(await listVersions(suite.server.app.db, workshopId)).map((v) => [v.name, v.kind])
			).toEqual([['Start of Score', 'phase']])
		);
	});

	it('[H5] a saved version is announced to every member through the control document', async () => {
		const control = open(pat, '/control');
		await whenSynced(control.provider);
		expect(readLatestVersion(control.doc)).toBeNull();
		const saved = await saveVersion(suite.server.app, facilitator.id, workshopId, {
			name: 'After Q3 workshop'
		});
		await eventually(() => expect(readLatestVersion(control.doc)).toBe(saved.id));
	});

	it('[H3] only facilitators save or restore versions, and a version needs a name', async () => {
		await expect(saveVersion(suite.server.app, pat.id, workshopId, { name: 'x' })).rejects.toThrow(
			/Only facilitators/
		);
		await expect(saveVersion(suite.server.app, facilitator.id, workshopId, {})).rejects.toThrow(
			/Name is required/
		);
	});

	it('[H4] comparing two versions shows the ideas added and the rank and score moves', async () => {
		const board = open(facilitator);
		const control = open(facilitator, '/control');
		const ballot = open(facilitator, `/ballot/${facilitator.id}`);
		const tally = open(pat, '/tally');
		await Promise.all([board, control, ballot, tally].map((c) => whenSynced(c.provider)));
		control.doc.getMap('settings').set('frameworks', ['rice']);
		const a = addIdea(board.doc, { title: 'A', createdBy: facilitator.id });
		const b = addIdea(board.doc, { title: 'B', createdBy: facilitator.id });
		setEntry(ballot.doc, 'rice', a, { reach: 100, impact: 1, confidence: 100, effort: 1 });
		setEntry(ballot.doc, 'rice', b, { reach: 50, impact: 1, confidence: 100, effort: 1 });
		const rank = (id: string) =>
			(readAggregates(tally.doc).get('rice')?.get(id)?.ranking as { rank: number } | undefined)
				?.rank;
		await eventually(() => expect([rank(a), rank(b)]).toEqual([1, 2]), 15_000);
		const first = await saveVersion(suite.server.app, facilitator.id, workshopId, { name: 'One' });

		setEntry(ballot.doc, 'rice', b, { reach: 400, impact: 1, confidence: 100, effort: 1 });
		addIdea(board.doc, { title: 'C', createdBy: facilitator.id });
		await eventually(() => expect([rank(a), rank(b)]).toEqual([2, 1]), 15_000);
		const second = await saveVersion(suite.server.app, facilitator.id, workshopId, { name: 'Two' });

		const diff = (await compareAsJson(
			suite.server.app,
			pat.id,
			workshopId,
			first.id,
			second.id
		)) as unknown as {
			added: { title: string }[];
			moves: Record<string, { title: string; fromRank: number; toRank: number; toScore: number }[]>;
		};
		expect(diff.added.map((i) => i.title)).toEqual(['C']);
		expect(diff.moves.rice.map((m) => [m.title, m.fromRank, m.toRank, m.toScore])).toEqual([
			['B', 2, 1, 400],
			['A', 1, 2, 100]
		]);
	});
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addIdea, deleteIdea, readIdeas, updateIdea } from '../../src/lib/model/board.ts';
import { listVersions } from '../../server/db/versions.ts';
import { restoreVersion, saveVersion } from '../../server/versions.ts';
import { connectClient, eventually, whenSynced } from '../helpers/clients.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import {
	createUser,
	createWorkshopWith,
	startTestServer,
	type TestServer,
	type TestUser
} from '../helpers/test-server.ts';

describe.each(backends)('versions on %s', (backend) => {
	let database: FreshDatabase;
	let server: TestServer;
	let facilitator: TestUser;
	let pat: TestUser;
	let workshopId: string;
	const cleanups: (() => void)[] = [];

	beforeAll(async () => {
		database = await freshDatabase(backend);
		server = await startTestServer(database);
	});

	afterAll(async () => {
		await server.close();
		await database.drop();
	});

	beforeEach(async () => {
		facilitator = await createUser(server.app, 'facilitator');
		pat = await createUser(server.app, 'pat');
		workshopId = await createWorkshopWith(server.app, facilitator, [[pat, 'participant']]);
	});

	afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

	function open(user: TestUser, path = '') {
		const c = connectClient(server.syncUrl, workshopId + path, user.cookie);
		cleanups.push(() => c.provider.destroy());
		return c;
	}

	it('[H1] restoring a version is a new change everyone sees, and the history is kept', async () => {
		const board = open(facilitator);
		const other = open(pat);
		await Promise.all([whenSynced(board.provider), whenSynced(other.provider)]);
		const first = addIdea(board.doc, { title: 'First', createdBy: facilitator.id });
		await eventually(() => expect(readIdeas(other.doc)).toHaveLength(1));
		const saved = await saveVersion(server.app, facilitator.id, workshopId, {
			name: 'After Q3 workshop'
		});

		updateIdea(board.doc, first, { title: 'First, renamed' });
		addIdea(board.doc, { title: 'Second', createdBy: facilitator.id });
		await eventually(() => expect(readIdeas(other.doc)).toHaveLength(2));

		await restoreVersion(server.app, facilitator.id, workshopId, saved.id);
		await eventually(() => expect(readIdeas(other.doc).map((i) => i.title)).toEqual(['First']));
		const versions = await listVersions(server.app.db, workshopId);
		expect(versions.map((v) => [v.name, v.kind])).toEqual([
			['Before restoring “After Q3 workshop”', 'restore'],
			['After Q3 workshop', 'manual']
		]);

		// The state before the restore is itself restorable.
		await restoreVersion(server.app, facilitator.id, workshopId, versions[0].id);
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
			expect((await listVersions(server.app.db, workshopId)).map((v) => [v.name, v.kind])).toEqual([
				['Start of Score', 'phase']
			])
		);
	});

	it('[H3] only facilitators save or restore versions, and a version needs a name', async () => {
		await expect(saveVersion(server.app, pat.id, workshopId, { name: 'x' })).rejects.toThrow(
			/Only facilitators/
		);
		await expect(saveVersion(server.app, facilitator.id, workshopId, {})).rejects.toThrow(
			/Name is required/
		);
	});
});

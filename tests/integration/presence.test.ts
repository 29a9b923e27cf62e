import { beforeEach, describe, expect, it } from 'vitest';
import { readCursor, readView } from '../../src/lib/sync/presence.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

/**
 * Follow mode and live cursors rely on presence reaching the room under the server's rules: a
 * facilitator's `view` and `cursor` reach every member, viewers included (they may follow too);
 * a viewer's never reach anyone ([R1]).
 */
describe.each(backends)('presence through the sync server on %s', (backend) => {
	const suite = serverSuite(backend);
	let facilitator: TestUser;
	let participant: TestUser;
	let viewer: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		facilitator = await createUser(suite.server.app, 'facilitator');
		participant = await createUser(suite.server.app, 'participant');
		viewer = await createUser(suite.server.app, 'viewer');
		workshopId = await createWorkshopWith(suite.server.app, facilitator, [
			[participant, 'participant'],
			[viewer, 'viewer']
		]);
	});

	const client = (user: TestUser) => suite.open(user, workshopId);

	it("[R1] a facilitator's view and cursor reach a participant and a viewer", async () => {
		const f = client(facilitator);
		const p = client(participant);
		const v = client(viewer);
		await Promise.all([whenSynced(f.provider), whenSynced(p.provider), whenSynced(v.provider)]);

		f.provider.awareness.setLocalState({
			user: { id: facilitator.id, name: 'Fay', function: 'Product' },
			view: { tab: 'moscow', results: 'rice', idea: 'a1b2c3d4e5f60718' },
			cursor: { area: 'matrix', anchor: 'plot', x: 0.3, y: 0.25 }
		});

		for (const other of [p, v]) {
			await eventually(() => {
				const state = other.provider.awareness.getStates().get(f.doc.clientID);
				expect(readView(state)).toEqual({
					tab: 'moscow',
					results: 'rice',
					idea: 'a1b2c3d4e5f60718'
				});
				expect(readCursor(state)).toEqual({ area: 'matrix', anchor: 'plot', x: 0.3, y: 0.25 });
			});
		}

		// A cursor leaving the board is a null, and that reaches the others too.
		f.provider.awareness.setLocalStateField('cursor', null);
		await eventually(() =>
			expect(readCursor(p.provider.awareness.getStates().get(f.doc.clientID))).toBeNull()
		);
	});

	it("[R1] a viewer's cursor reaches nobody", async () => {
		const f = client(facilitator);
		const v = client(viewer);
		await Promise.all([whenSynced(f.provider), whenSynced(v.provider)]);
		v.provider.awareness.setLocalStateField('cursor', {
			area: 'matrix',
			anchor: 'plot',
			x: 0.5,
			y: 0.5
		});
		// A later change by the facilitator, seen by the viewer, proves the viewer's would be here.
		f.provider.awareness.setLocalStateField('view', { tab: 'matrix', results: null, idea: null });
		await eventually(() =>
			expect(readView(v.provider.awareness.getStates().get(f.doc.clientID))).not.toBeNull()
		);
		expect(f.provider.awareness.getStates().has(v.doc.clientID)).toBe(false);
	});
});

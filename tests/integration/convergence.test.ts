import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/lib/model/random.ts';
import * as Y from 'yjs';
import { addIdea, deleteIdea, readIdeas, updateIdea } from '../../src/lib/model/board.ts';
import { connectClient, eventually, whenSynced } from '../helpers/clients.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import {
	createUser,
	createWorkshopWith,
	startTestServer,
	type TestServer
} from '../helpers/test-server.ts';

describe.each(backends)('convergence through the real server on %s', (backend) => {
	let database: FreshDatabase;
	let server: TestServer;

	beforeAll(async () => {
		database = await freshDatabase(backend);
		server = await startTestServer(database);
	});

	afterAll(async () => {
		await server.close();
		await database.drop();
	});

	it.each([1, 2, 3])('[C1] four clients editing at random converge (seed %i)', async (seed) => {
		const rand = mulberry32(seed);
		const users = await Promise.all([0, 1, 2, 3].map((i) => createUser(server.app, `c${i}`)));
		const workshopId = await createWorkshopWith(
			server.app,
			users[0],
			users.slice(1).map((u) => [u, 'participant'])
		);
		const clients = users.map((u) => connectClient(server.syncUrl, workshopId, u.cookie));
		await Promise.all(clients.map((c) => whenSynced(c.provider)));

		for (let step = 0; step < 120; step++) {
			const i = Math.floor(rand() * clients.length);
			const { doc } = clients[i];
			const ideas = readIdeas(doc);
			const roll = rand();
			if (roll < 0.3 || ideas.length === 0) {
				addIdea(doc, { title: `idea ${seed}-${step}`, createdBy: users[i].id });
			} else {
				const target = ideas[Math.floor(rand() * ideas.length)];
				if (roll < 0.45) deleteIdea(doc, target.id);
				else if (roll < 0.6) updateIdea(doc, target.id, { title: `renamed ${step}` });
				else updateIdea(doc, target.id, { description: `${users[i].id} at ${step}` });
			}
			// A client sometimes drops off and comes back, editing while away.
			if (rand() < 0.03) clients[i].provider.disconnect();
			if (rand() < 0.1) clients.forEach((c) => c.provider.wsconnected || c.provider.connect());
			if (rand() < 0.2) await new Promise((resolve) => setTimeout(resolve, rand() * 15));
		}
		clients.forEach((c) => c.provider.wsconnected || c.provider.connect());

		await eventually(() => {
			const states = clients.map((c) => Y.encodeStateAsUpdate(c.doc));
			for (const c of clients.slice(1)) {
				expect(readIdeas(c.doc)).toEqual(readIdeas(clients[0].doc));
			}
			expect(states.length).toBe(4);
		}, 15_000);

		// And a newcomer loading from the server sees the same board.
		const late = connectClient(server.syncUrl, workshopId, users[0].cookie);
		await whenSynced(late.provider);
		expect(readIdeas(late.doc)).toEqual(readIdeas(clients[0].doc));
		[...clients, late].forEach((c) => c.provider.destroy());
	});
});

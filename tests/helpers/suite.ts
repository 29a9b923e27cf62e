import { afterAll, afterEach, beforeAll } from 'vitest';
import { connectClient, recordingClient } from './clients.ts';
import { freshDatabase, type Backend, type FreshDatabase } from './databases.ts';
import { startTestServer, type TestServer, type TestUser } from './test-server.ts';

export interface ServerSuite {
	database: FreshDatabase;
	/** The running server; a test may replace it (e.g. to restart it). */
	server: TestServer;
	/** A stock y-websocket client on a room (`<workshopId>` or `<workshopId>/<document>`), closed after the test. */
	open(user: TestUser, room: string): ReturnType<typeof connectClient>;
	/** A raw client on a room that keeps every update it receives, closed after the test. */
	record(user: TestUser, room: string): ReturnType<typeof recordingClient>;
	/** Runs `fn` after the current test. */
	afterThis(fn: () => void): void;
}

/**
 * One database and one server for a describe block (PGlite takes seconds to open), and clients
 * that are closed after each test.
 */
export function serverSuite(
	backend: Backend,
	options: Parameters<typeof startTestServer>[1] = {}
): ServerSuite {
	const cleanups: (() => void)[] = [];
	const suite = {
		open(user, room) {
			const client = connectClient(suite.server.syncUrl, room, user.cookie);
			cleanups.push(() => client.provider.destroy());
			return client;
		},
		record(user, room) {
			const client = recordingClient(`${suite.server.syncUrl}/${room}`, user.cookie);
			cleanups.push(() => client.ws.close());
			return client;
		},
		afterThis(fn) {
			cleanups.push(fn);
		}
	} as ServerSuite;
	beforeAll(async () => {
		suite.database = await freshDatabase(backend);
		suite.server = await startTestServer(suite.database, options);
	});
	afterAll(async () => {
		await suite.server.close();
		await suite.database.drop();
	});
	afterEach(() => {
		cleanups.splice(0).forEach((fn) => fn());
	});
	return suite;
}

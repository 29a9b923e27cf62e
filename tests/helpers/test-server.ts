import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App, type Log } from '../../server/app.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { readConfig, type Config } from '../../server/config.ts';
import { insertUser } from '../../server/db/users.ts';
import { addMember, createWorkshop, type Role } from '../../server/db/workshops.ts';
import { documentName } from '../../server/sync/documents.ts';
import type { FreshDatabase } from './databases.ts';

export interface TestServer {
	app: App;
	http: Server;
	/** http://127.0.0.1:<port> */
	url: string;
	/** ws://127.0.0.1:<port>/sync */
	syncUrl: string;
	logs: { message: string; details?: Record<string, unknown> }[];
	close(): Promise<void>;
}

/**
 * The real App (database, rooms, sync server) behind a bare HTTP server on a free port: everything
 * but SvelteKit's pages, which the end-to-end tests cover.
 */
export async function startTestServer(
	database: FreshDatabase,
	options: Partial<
		Pick<
			Config,
			| 'commitIntervalMs'
			| 'presenceGraceMs'
			| 'keepaliveMs'
			| 'sessionCheckMs'
			| 'accessCacheMs'
			| 'maxDocumentBytes'
			| 'smtpUrl'
			| 'origin'
			| 'deliveryPollMs'
			| 'deliveryBackoffMs'
		>
	> = {}
): Promise<TestServer> {
	const logs: TestServer['logs'] = [];
	const log: Log = (message, details) => logs.push({ message, details });
	const config = {
		...readConfig({}),
		port: 0,
		databaseUrl: database.databaseUrl,
		dataDir: database.dataDir,
		...options,
		commitIntervalMs: options.commitIntervalMs ?? 0
	};
	const app = await createApp(config, log);
	const http = createServer((_, res) => {
		res.statusCode = 404;
		res.end();
	});
	app.attach(http);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	return {
		app,
		http,
		url: `http://127.0.0.1:${port}`,
		syncUrl: `ws://127.0.0.1:${port}/sync`,
		logs,
		async close() {
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
			await app.shutdown();
		}
	};
}

export interface TestUser {
	id: string;
	cookie: string;
}

let counter = 0;

/** A registered user with a session, as the cookie header a client would send. */
export async function createUser(app: App, name = `user${counter++}`): Promise<TestUser> {
	const user = await insertUser(app.db, {
		email: `${name}-${Date.now()}-${counter++}@example.com`,
		name,
		function: 'Engineering',
		passwordHash: null
	});
	const { token } = await createSession(app.db, user.id);
	return { id: user.id, cookie: `${SESSION_COOKIE}=${token}` };
}

/**
 * A workshop facilitated by `owner`, with the other users added in the given roles. Scoring is
 * open from the start (early scoring, [RM8]) unless `earlyScoring` is false: most tests score
 * right away, while the workshop is still collecting ideas.
 */
export async function createWorkshopWith(
	app: App,
	owner: TestUser,
	members: [TestUser, Role][] = [],
	{ earlyScoring = true } = {}
): Promise<string> {
	const workshop = await createWorkshop(app.db, {
		title: 'Test workshop',
		description: '',
		userId: owner.id
	});
	for (const [user, role] of members) await addMember(app.db, workshop.id, user.id, role);
	if (earlyScoring) await allowEarlyScoring(app, workshop.id);
	return workshop.id;
}

/** Opens scoring while the workshop still collects ideas, as its facilitator's setup would. */
export async function allowEarlyScoring(app: Pick<App, 'rooms'>, workshopId: string) {
	const control = await app.rooms.acquire(documentName({ kind: 'control', workshopId }));
	control.doc.getMap('settings').set('earlyScoring', true);
	await app.rooms.release(control);
}

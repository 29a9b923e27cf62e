/**
 * tests/helpers/sync-process.ts with one more door, for the multi-process tests: `POST
 * /remove/<workshopId>/<userId>` removes a member as the seeded facilitator (`?actor=<userId>`),
 * exactly as the members API does, on whichever process the request reaches ([SX5]); `POST
 * /api/v1/workshops/<id>/timer` starts its countdown (a minute), answering with the pid of the
 * process that served it ([SX6]).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { insertUser } from '../../server/db/users.ts';
import { addMember, createWorkshop } from '../../server/db/workshops.ts';
import { sql } from '../../server/db/sql.ts';
import { documentName } from '../../server/sync/documents.ts';
import { removeFromWorkshop } from '../../server/workshops.ts';
import * as Y from 'yjs';

// Logs go to stdout as JSON lines: the tests read ownership changes from them.
const app = await createApp(readConfig());
if (process.env.SEED === '1') {
	const stamp = Date.now();
	const user = await insertUser(app.db, {
		email: `cluster-${stamp}@example.com`,
		name: 'Facilitator',
		function: 'Engineering',
		passwordHash: null
	});
	const { token } = await createSession(app.db, user.id);
	const workshop = await createWorkshop(app.db, {
		title: 'Cluster',
		description: '',
		userId: user.id
	});
	// Written as a stored update, as no process owns the workshop yet to load its rooms.
	const control = new Y.Doc();
	control.getMap('settings').set('earlyScoring', true);
	const name = documentName({ kind: 'control', workshopId: workshop.id });
	await app.db.query(
		sql`insert into document_updates (document, data) values (${name}, ${Y.encodeStateAsUpdate(control)})`
	);
	const voters: { id: string; cookie: string }[] = [];
	for (let i = 0; i < Number(process.env.SEED_VOTERS ?? 0); i++) {
		const voter = await insertUser(app.db, {
			email: `voter-${i}-${stamp}@example.com`,
			name: `Voter ${i}`,
			function: 'Sales',
			passwordHash: null
		});
		await addMember(app.db, workshop.id, voter.id, 'participant');
		const session = await createSession(app.db, voter.id);
		voters.push({ id: voter.id, cookie: `${SESSION_COOKIE}=${session.token}` });
	}
	const seed = {
		cookie: `${SESSION_COOKIE}=${token}`,
		workshopId: workshop.id,
		userId: user.id,
		voters
	};
	console.log(JSON.stringify({ seed }));
}
const http = createServer(async (req, res) => {
	// As server/index.ts does: a request about a workshop another process owns is served there.
	if (await app.cluster?.passThroughHttp(req, res)) return;
	const timer = /^\/api\/v1\/workshops\/(\w+)\/timer$/.exec(req.url ?? '');
	if (req.method === 'POST' && timer) {
		app.live.timer(timer[1], { action: 'start', seconds: 60 }).then(
			(state) =>
				res.writeHead(200, { 'x-served-by': String(process.pid) }).end(JSON.stringify(state)),
			(error) => res.writeHead(500).end(String(error))
		);
		return;
	}
	const url = new URL(req.url ?? '/', 'http://localhost');
	const remove = /^\/remove\/(\w+)\/(\w+)$/.exec(url.pathname);
	if (req.method !== 'POST' || !remove) return void res.writeHead(404).end();
	removeFromWorkshop(app, url.searchParams.get('actor') ?? '', remove[1], remove[2]).then(
		() => res.writeHead(204).end(),
		(error) => res.writeHead(500).end(String(error))
	);
});
app.attach(http);
http.listen(0, '127.0.0.1', () => {
	console.log(`Converge is running at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', async () => {
	http.close();
	http.closeAllConnections();
	await app.shutdown();
	process.exit(0);
});

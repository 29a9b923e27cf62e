/**
 * A Converge sync server in a process of its own (no SvelteKit pages), for tests that kill it.
 * With SEED=1 it first creates a facilitator and a workshop and prints them as a JSON line, with
 * SEED_VOTERS participants (each a user with a session) when that is set; scoring is open.
 * It handles SIGTERM exactly like server/index.ts does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { insertUser } from '../../server/db/users.ts';
import { addMember, createWorkshop } from '../../server/db/workshops.ts';
import { allowEarlyScoring } from './test-server.ts';

const app = await createApp(readConfig(), () => {});
if (process.env.SEED === '1') {
	const user = await insertUser(app.db, {
		email: `crash-${Date.now()}@example.com`,
		name: 'Crash',
		function: 'Engineering',
		passwordHash: null
	});
	const { token } = await createSession(app.db, user.id);
	const workshop = await createWorkshop(app.db, {
		title: 'Crash test',
		description: '',
		userId: user.id
	});
	await allowEarlyScoring(app, workshop.id);
	const voters: { id: string; cookie: string }[] = [];
	for (let i = 0; i < Number(process.env.SEED_VOTERS ?? 0); i++) {
		const voter = await insertUser(app.db, {
			email: `voter-${i}-${Date.now()}@example.com`,
			name: `Voter ${i}`,
			function: 'Sales',
			passwordHash: null
		});
		await addMember(app.db, workshop.id, voter.id, 'participant');
		const session = await createSession(app.db, voter.id);
		voters.push({ id: voter.id, cookie: `${SESSION_COOKIE}=${session.token}` });
	}
	console.log(
		JSON.stringify({
			seed: {
				cookie: `${SESSION_COOKIE}=${token}`,
				workshopId: workshop.id,
				userId: user.id,
				voters
			}
		})
	);
}
const http = createServer((_, res) => res.writeHead(404).end());
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

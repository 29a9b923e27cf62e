import WebSocket from 'ws';
import { connectClient, eventually, whenSynced } from '../helpers/clients.ts';
import { CuttableProxy } from '../helpers/cuttable-proxy.ts';
import { freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { expect, test } from './fixtures.ts';
import { expectLive } from './steps.ts';

/** The status and headers a WebSocket upgrade is answered with (101 when it opens). */
function upgradeAnswer(url: string, cookie: string) {
	return new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
		const ws = new WebSocket(url, { headers: { cookie } });
		ws.once('unexpected-response', (_, res) => {
			resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
			ws.terminate();
		});
		ws.once('open', () => {
			resolve({ status: 101 });
			ws.close();
		});
		ws.once('error', (error) => {
			if (!/Unexpected server response/.test(String(error))) reject(error);
		});
	});
}

test.describe('[W5] a PostgreSQL outage', () => {
	test.skip(!process.env.DATABASE_URL, 'needs a PostgreSQL server (DATABASE_URL)');
	let database: FreshDatabase;
	let proxy: CuttableProxy;
	let server: ServerProcess;
	let cookie: string;
	let workshopId: string;
	let shareUrl: string;

	test.beforeAll(async () => {
		database = await freshDatabase('postgres');
		const url = new URL(database.databaseUrl!);
		proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
		await proxy.up();
		url.host = `127.0.0.1:${proxy.port}`;
		server = await startServerProcess({ DATABASE_URL: url.toString() });
		const signup = await fetch(`${server.url}/api/v1/auth/signup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: `outage-${Date.now()}@example.com`,
				password: 'correct horse',
				name: 'Olu'
			})
		});
		cookie = signup.headers.get('set-cookie')!.split(';')[0];
		const authed = { cookie, 'content-type': 'application/json' };
		const workshop = await fetch(`${server.url}/api/v1/workshops`, {
			method: 'POST',
			headers: authed,
			body: JSON.stringify({ title: 'Outage' })
		});
		workshopId = (await workshop.json()).id;
		const share = await fetch(`${server.url}/api/v1/workshops/${workshopId}/share-links`, {
			method: 'POST',
			headers: authed,
			body: '{}'
		});
		shareUrl = (await share.json()).url;
	});

	test.afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	test('[W5] answers 503 with Retry-After (never 500) to requests, pages and upgrades, logs a bounded number of lines, shows a retrying page, and recovers without a restart', async ({
		page,
		browser
	}) => {
		const get = (path: string, headers: Record<string, string> = {}) =>
			fetch(`${server.url}${path}`, { headers });
		const syncUrl = `${server.url.replace('http', 'ws')}/sync/${workshopId}`;
		expect((await get('/api/v1/health')).status).toBe(200);
		expect((await upgradeAnswer(syncUrl, cookie)).status).toBe(101);
		// Someone is in the room when the database goes, over a network that can drop them.
		const network = new CuttableProxy({
			host: '127.0.0.1',
			port: Number(new URL(server.url).port)
		});
		await network.up();
		const roomUrl = `http://127.0.0.1:${network.port}/w/${workshopId}`;
		const roomContext = await browser.newContext();
		const [name, value] = cookie.split('=');
		await roomContext.addCookies([{ name, value, url: roomUrl }]);
		const room = await roomContext.newPage();
		await room.goto(roomUrl);
		await expectLive(room);

		await proxy.down();
		const logged = server.output().length;
		const started = Date.now();

		// Every kind of request that needs the database, again and again for three seconds.
		const statuses = new Set<number>();
		const check = async () => {
			const answers = await Promise.all([
				get('/api/v1/health'),
				get('/api/v1/me', { cookie }),
				get('/api/v1/workshops', { cookie }),
				get(`/w/${workshopId}`, { cookie }),
				get(new URL(shareUrl).pathname)
			]);
			for (const answer of answers) {
				statuses.add(answer.status);
				expect(answer.status, answer.url).toBe(503);
				expect(Number(answer.headers.get('retry-after')), answer.url).toBeGreaterThanOrEqual(1);
			}
			const upgrade = await upgradeAnswer(syncUrl, cookie);
			expect(upgrade.status).toBe(503);
			expect(Number(upgrade.retryAfter)).toBeGreaterThanOrEqual(1);
		};
		await check();
		const api = await get('/api/v1/me', { cookie });
		expect(await api.json()).toEqual({
			error: { code: 'unavailable', message: expect.stringContaining('database') }
		});
		while (Date.now() - started < 3000) await check();
		expect([...statuses]).toEqual([503]);

		// The room's open sockets stay up; once its connection drops, it cannot come back and
		// says that the server is in trouble rather than that the network is.
		network.cut();
		await expect(room.getByTestId('connection')).toHaveAttribute('data-status', 'trouble');
		await expect(room.getByTestId('connection')).toContainText('Server trouble, retrying…');

		// A page opened now says that the server is in trouble, and retries by itself.
		const answer = await page.goto(shareUrl);
		expect(answer?.status()).toBe(503);
		await page.getByRole('heading', { name: 'The server is having trouble' }).waitFor();

		// The log says so a few times, not ~20 lines a second (some 80 lines by now): the outage
		// and its backing-off reports, the group commit's first failure, and one failed
		// compaction per room that unloaded.
		const lines = server
			.output()
			.slice(logged)
			.split('\n')
			.filter((line) => line.trim() !== '');
		expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(12);
		expect(lines.join('\n')).toContain('database unreachable');

		await proxy.up();
		// The page reloads by itself and shows the roadmap once the database is back.
		await page.getByRole('heading', { name: 'Outage' }).waitFor({ timeout: 40_000 });
		await eventually(async () => {
			expect((await get('/api/v1/health')).status).toBe(200);
		}, 40_000);
		expect((await get('/api/v1/me', { cookie })).status).toBe(200);
		await expectLive(room);
		await roomContext.close();
		await network.down();
		const board = connectClient(`${server.url.replace('http', 'ws')}/sync`, workshopId, cookie);
		await whenSynced(board.provider);
		board.provider.destroy();
		expect(server.output()).toContain('database reachable again');
	});
});

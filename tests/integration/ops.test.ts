import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { createApp, type App } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { sql } from '../../server/db/sql.ts';
import { handleOps } from '../../server/ops/http.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { CuttableProxy } from '../helpers/cuttable-proxy.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { serverSuite } from '../helpers/suite.ts';
import { seedWorkshopRoom } from '../helpers/workshop-room.ts';

/** An HTTP server that answers only what server/index.ts answers first: the ops endpoints. */
async function opsServer(app: App): Promise<{ url: string; http: Server; close(): Promise<void> }> {
	const http = createServer((req, res) => {
		if (!handleOps(app, req, res)) res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	return {
		url,
		http,
		close: () => new Promise<void>((resolve) => http.close(() => resolve()))
	};
}

/** A metric's value in a scrape (the first sample whose name and labels match). */
function sample(text: string, series: string): number {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	if (!line) throw new Error(`${series} is not in the scrape:\n${text}`);
	return Number(line.slice(series.length + 1));
}

describe.each(backends)('operations endpoints on %s', { timeout: 120_000 }, (backend) => {
	const suite = serverSuite(backend);
	const opened: { close(): Promise<void> }[] = [];
	afterEach(async () => {
		await Promise.all(opened.splice(0).map((s) => s.close()));
	});
	const ops = async (app = suite.server.app) => {
		const server = await opsServer(app);
		opened.push(server);
		return server.url;
	};

	it('[SO2] /healthz answers 200 without a session; other paths are left to the pages', async () => {
		const url = await ops();
		const alive = await fetch(`${url}/healthz`);
		expect(alive.status).toBe(200);
		expect(await alive.json()).toEqual({ alive: true });
		expect((await fetch(`${url}/healthz?probe=1`, { method: 'HEAD' })).status).toBe(200);
		expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
		expect((await fetch(`${url}/healthzz`)).status).toBe(404);
	});

	it('[SO3] /readyz answers 200 with the database check, and 503 naming a failing check', async () => {
		const url = await ops();
		const ready = await fetch(`${url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok' } });

		let redisUp = false;
		suite.server.app.readiness.add(`redis-${backend}`, async () => {
			if (!redisUp) throw new Error('connection refused');
		});
		const notReady = await fetch(`${url}/readyz`);
		expect(notReady.status).toBe(503);
		expect(await notReady.json()).toEqual({
			ready: false,
			checks: { database: 'ok', [`redis-${backend}`]: 'failed' }
		});
		redisUp = true;
		expect((await fetch(`${url}/readyz`)).status).toBe(200);
	});

	it('[SO4] /metrics counts connections, open workshops, votes, tally batches and group commits', async () => {
		const url = await ops();
		const scrape = async () => {
			const response = await fetch(`${url}/metrics`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
			return response.text();
		};
		const before = await scrape();
		const room = await seedWorkshopRoom(suite, { ann: 'participant' });
		const ann = room.members.ann;
		const ballot = suite.open(ann, `${room.workshopId}/ballot/${ann.id}`);
		await whenSynced(ballot.provider);
		setEntry(ballot.doc, 'rice', room.ideaId, { reach: 5, impact: 2, confidence: 80, effort: 3 });
		await suite.server.app.store.flush();
		await eventually(async () => {
			const after = await scrape();
			expect(sample(after, 'converge_connections')).toBe(2);
			expect(sample(after, 'converge_open_workshops')).toBe(1);
			expect(sample(after, 'converge_votes_total')).toBeGreaterThan(
				sample(before, 'converge_votes_total')
			);
			expect(sample(after, 'converge_tally_batches_total')).toBeGreaterThan(
				sample(before, 'converge_tally_batches_total')
			);
			expect(sample(after, 'converge_group_commit_seconds_count')).toBeGreaterThan(
				sample(before, 'converge_group_commit_seconds_count')
			);
			expect(sample(after, 'converge_outbox_backlog')).toBe(0);
		});
	});

	it('[SO5] /metrics answers loopback only when no token is set, never through a proxy', async () => {
		const url = await ops();
		expect((await fetch(`${url}/metrics`)).status).toBe(200);
		for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
			const proxied = await fetch(`${url}/metrics`, { headers: { [header]: '203.0.113.9' } });
			expect(proxied.status, header).toBe(403);
			expect(await proxied.text()).not.toContain('converge_');
		}
	});

	it('[SO5] with METRICS_TOKEN, /metrics asks for it as a bearer token from everyone', async () => {
		const { app } = suite.server;
		const withToken = { ...app, config: { ...app.config, metricsToken: 's3cret-token' } };
		const url = await ops(withToken);
		const missing = await fetch(`${url}/metrics`);
		expect(missing.status).toBe(401);
		expect(missing.headers.get('www-authenticate')).toBe('Bearer');
		const wrong = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer s3cret' } });
		expect(wrong.status).toBe(401);
		const right = await fetch(`${url}/metrics`, {
			headers: { authorization: 'Bearer s3cret-token', 'x-forwarded-for': '203.0.113.9' }
		});
		expect(right.status).toBe(200);
		expect(await right.text()).toContain('# TYPE converge_votes_total counter');
	});
});

describe.each(backends)('readiness while stopping on %s', { timeout: 120_000 }, (backend) => {
	it('[SO3] a process that is shutting down answers 503 and stays alive on /healthz', async () => {
		const database = await freshDatabase(backend);
		const app = await createApp(
			{ ...readConfig({}), databaseUrl: database.databaseUrl, dataDir: database.dataDir },
			() => {}
		);
		const server = await opsServer(app);
		try {
			expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
			app.readiness.drain('handing over');
			const draining = await fetch(`${server.url}/readyz`);
			expect(draining.status).toBe(503);
			expect(await draining.json()).toEqual({ ready: false, draining: 'handing over', checks: {} });
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		} finally {
			await server.close();
			await app.shutdown();
			await database.drop();
		}
	});
});

const postgres = process.env.DATABASE_URL;
// PGlite is one process by design (docs/deploy.md): nothing to race, and no network to cut.
const onPostgres = postgres ? describe : describe.skip;

onPostgres('PostgreSQL only (skipped: DATABASE_URL is unset)', { timeout: 240_000 }, () => {
	let database: FreshDatabase | undefined;
	afterEach(async () => {
		await database?.drop();
		database = undefined;
	});

	it('[SO3] /readyz answers 503 while the database cannot be reached, and 200 once it is back', async () => {
		database = await freshDatabase('postgres');
		const target = new URL(database.databaseUrl!);
		const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
		await proxy.up();
		const viaProxy = new URL(target);
		viaProxy.port = String(proxy.port);
		const logs: string[] = [];
		const app = await createApp(
			{ ...readConfig({}), databaseUrl: viaProxy.toString(), dataDir: database.dataDir },
			(message) => logs.push(message)
		);
		const server = await opsServer(app);
		try {
			expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
			await proxy.down();
			const down = await fetch(`${server.url}/readyz`);
			expect(down.status).toBe(503);
			expect(await down.json()).toEqual({ ready: false, checks: { database: 'failed' } });
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			const scrape = await (await fetch(`${server.url}/metrics`)).text();
			expect(sample(scrape, 'converge_database_errors_total{kind="unreachable"}')).toBeGreaterThan(
				0
			);
			expect(sample(scrape, 'converge_outbox_backlog')).toBeNaN();

			await proxy.up();
			await eventually(async () => {
				expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
			}, 30_000);
			expect(logs).toContain('database reachable again');
		} finally {
			await server.close();
			await app.shutdown();
			await proxy.down().catch(() => {});
		}
	});

	it('[SO1] three processes started at the same moment on an empty database all come up; one migrates', async () => {
		database = await freshDatabase('postgres');
		const barrier = await mkdtemp(join(tmpdir(), 'converge-barrier-'));
		const env = { DATABASE_URL: database.databaseUrl, START_BARRIER: barrier, LOG_FORMAT: 'json' };
		const starting = [1, 2, 3].map(() => startServerProcess(env, 'tests/helpers/ops-process.ts'));
		const go = () => writeFile(join(barrier, 'go'), '');
		try {
			// Every process has loaded its code and waits: the go makes them open the database together.
			await eventually(async () => expect(await readdir(barrier)).toHaveLength(3), 120_000);
			await go();
			const started = await Promise.allSettled(starting);
			const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
			expect(failures).toEqual([]);
			const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));

			for (const server of servers) {
				const ready = await fetch(`${server.url}/readyz`);
				expect(ready.status).toBe(200);
			}
			const migrated = servers.filter((s) => s.output().includes('"msg":"applied migrations"'));
			expect(migrated).toHaveLength(1);
			const db = await openDatabase({ url: database.databaseUrl });
			try {
				const files = (await readdir('migrations')).filter((f) => f.endsWith('.sql'));
				const [{ count }] = await db.query<{ count: number }>(
					sql`select count(*)::int as count from schema_migrations`
				);
				expect(count).toBe(files.length);
			} finally {
				await db.close();
			}
		} finally {
			// Whatever failed, no process is left waiting or running.
			await go();
			const settled = await Promise.allSettled(starting);
			await Promise.all(
				settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined))
			);
			await rm(barrier, { recursive: true, force: true });
		}
	});
});

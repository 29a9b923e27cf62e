/**
 * Closing the loop at scale (issue 15, "Numbers"): shipping an idea that 10,000 people asked for
 * returns within 200 ms (its emails are queued by one INSERT … SELECT in the change's transaction)
 * and all 10,000 emails reach a local SMTP server within 60 s; 1,000 webhook deliveries reach a
 * local receiver within 10 s. On PGlite and (with DATABASE_URL) PostgreSQL. `--quick` is a tenth.
 * Alone: `npx tsx bench/delivery.ts [--quick]`; in the suite: `npm run bench -- --benches delivery`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { markdownTable, type Bench, type Check } from './bench.ts';
import { openDatabase, type Database } from '../server/db/connection.ts';
import { migrate } from '../server/db/migrate.ts';
import { sql } from '../server/db/sql.ts';
import { DeliveryLoop } from '../server/delivery/loop.ts';
import { createMailer } from '../server/delivery/mailer.ts';
import { queueEvent } from '../server/delivery/outbox.ts';
import { changeStatus } from '../server/delivery/statuses.ts';
import { userActor } from '../server/feedback/access.ts';

interface Size {
	requesters: number;
	webhooks: number;
}
const FULL: Size = { requesters: 10_000, webhooks: 1_000 };
const QUICK: Size = { requesters: 1_000, webhooks: 100 };

interface Result {
	backend: string;
	changeMs: number;
	queued: number;
	emailSeconds: number;
	webhookSeconds: number;
}

/** A real SMTP server that counts what it accepts (no parsing: the sender is what is measured). */
async function countingSmtp() {
	let count = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			stream.on('end', () => {
				count++;
				callback();
			});
			stream.resume();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		count: () => count,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

async function countingReceiver() {
	let count = 0;
	const server = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			count++;
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks`,
		count: () => count,
		close() {
			server.closeAllConnections();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

async function until(done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
	const start = performance.now();
	while (!(await done())) {
		if (performance.now() - start > timeoutMs) return Infinity;
		await new Promise((r) => setTimeout(r, 20));
	}
	return (performance.now() - start) / 1000;
}

/** One product, one idea, `n` requesters each with feedback linked to it (set-based inserts). */
async function seed(db: Database, n: number) {
	await db.query(
		sql`insert into users (id, email, name) values ('bench', 'bench@converge.test', 'Bench')`
	);
	await db.query(
		sql`insert into products (id, name, slug, portal_enabled) values ('p1', 'Bench', 'bench', true)`
	);
	await db.query(
		sql`insert into product_members (product_id, user_id, role) values ('p1', 'bench', 'owner')`
	);
	await db.query(
		sql`insert into ideas (id, product_id, title, public) values ('i1', 'p1', 'Dark mode', true)`
	);
	await db.query(sql`
		insert into requesters (id, product_id, email)
		select 'rq' || g, 'p1', 'person' || g || '@bench.example' from generate_series(1, ${n}) g`);
	await db.query(sql`
		insert into feedback (id, product_id, text, source, requester_id, idea_id, state)
		select 'fb' || g, 'p1', 'Dark mode please', 'api', 'rq' || g, 'i1', 'linked'
		from generate_series(1, ${n}) g`);
	await db.exec('analyze');
}

async function measure(
	backend: 'pglite' | 'postgres',
	size: Size,
	log: (line: string) => void
): Promise<Result> {
	const dir = await mkdtemp(join(tmpdir(), 'converge-bench-delivery-'));
	let url: string | undefined;
	let admin: postgres.Sql | undefined;
	const name = `converge_bench_delivery_${Date.now().toString(36)}`;
	if (backend === 'postgres') {
		admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		const u = new URL(process.env.DATABASE_URL!);
		u.pathname = `/${name}`;
		url = u.toString();
	}
	const db = await openDatabase({ url, dataDir: join(dir, 'db') });
	const smtp = await countingSmtp();
	const receiver = await countingReceiver();
	const loop = new DeliveryLoop({
		db,
		mailer: createMailer(smtp.url, 'Converge <bench@converge.test>'),
		log: (message, details) => log(`${backend}: ${message} ${JSON.stringify(details ?? {})}`),
		origin: 'https://converge.test',
		allowPrivate: true,
		backoffMs: 1000,
		pollMs: 1000,
		retryWindowMs: 60_000
	});
	try {
		await migrate(db, 'migrations');
		await seed(db, size.requesters);
		loop.start();
		const actor = userActor('bench');
		let start = performance.now();
		const shipped = await changeStatus(db, actor, 'p1', 'i1', {
			status: 'shipped',
			note: 'Out today.'
		});
		const changeMs = performance.now() - start;
		loop.wake();
		const emailSeconds = await until(() => smtp.count() >= size.requesters, 120_000);
		log(
			`${backend}: status change ${changeMs.toFixed(0)} ms (${shipped.emailsQueued} queued), ` +
				`${smtp.count()} emails delivered in ${emailSeconds.toFixed(1)} s`
		);

		await db.query(sql`
			insert into webhook_endpoints (id, product_id, url, event_types, secret)
			values ('wh1', 'p1', ${receiver.url}, '{idea.status_changed}', 'whsec_YmVuY2hiZW5jaGJlbmNoYmVuY2g=')`);
		await db.transaction(async (tx) => {
			for (let i = 0; i < size.webhooks; i++) {
				await queueEvent(tx, 'p1', 'idea.status_changed', { idea: { id: 'i1' }, n: i });
			}
		});
		start = performance.now();
		loop.wake();
		const webhookSeconds = await until(async () => {
			if (receiver.count() < size.webhooks) return false;
			const [{ n }] = await db.query<{ n: number }>(
				sql`select count(*)::int as n from outbox where kind = 'webhook' and state = 'sent'`
			);
			return n >= size.webhooks;
		}, 60_000);
		log(`${backend}: ${receiver.count()} webhooks delivered in ${webhookSeconds.toFixed(1)} s`);
		return {
			backend,
			changeMs,
			queued: shipped.emailsQueued,
			emailSeconds,
			webhookSeconds
		};
	} finally {
		await loop.stop();
		await smtp.close();
		await receiver.close();
		await db.close();
		await rm(dir, { recursive: true, force: true });
		if (admin) {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	}
}

const seconds = (s: number) => (Number.isFinite(s) ? `${s.toFixed(1)} s` : 'timed out');

export const deliveryBench: Bench = {
	id: 'delivery',
	async run({ quick, log }) {
		const size = quick ? QUICK : FULL;
		const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL
			? ['pglite', 'postgres']
			: ['pglite'];
		const results: Result[] = [];
		for (const backend of backends) results.push(await measure(backend, size, log));
		const checks: Check[] = results.flatMap((r) => [
			{
				target: `delivery (${r.backend}): shipping an idea with 10,000 requesters returns ≤ 200 ms`,
				holds: quick ? null : r.changeMs <= 200 && r.queued === size.requesters,
				evidence: `${r.changeMs.toFixed(0)} ms, ${r.queued} emails queued`
			},
			{
				target: `delivery (${r.backend}): its 10,000 emails reach the SMTP server ≤ 60 s`,
				holds: quick ? null : r.emailSeconds <= 60,
				evidence: seconds(r.emailSeconds)
			},
			{
				target: `delivery (${r.backend}): 1,000 webhook deliveries ≤ 10 s`,
				holds: quick ? null : r.webhookSeconds <= 10,
				evidence: seconds(r.webhookSeconds)
			}
		]);
		const rows = results.flatMap((r) => [
			[
				r.backend,
				`status change, ${r.queued.toLocaleString('en')} emails queued`,
				`${r.changeMs.toFixed(0)} ms`
			],
			[
				r.backend,
				`${size.requesters.toLocaleString('en')} emails delivered`,
				seconds(r.emailSeconds)
			],
			[
				r.backend,
				`${size.webhooks.toLocaleString('en')} webhooks delivered`,
				seconds(r.webhookSeconds)
			]
		]);
		return {
			title: 'Delivery: status emails and webhooks',
			method:
				`One idea asked for by ${size.requesters.toLocaleString('en')} requesters (one feedback item each). ` +
				'changeStatus (what POST …/ideas/:id/status calls) is timed as it moves the idea to Shipped: it ' +
				'writes the history row and queues every email with one INSERT … SELECT in its transaction. ' +
				"The process's DeliveryLoop (defaults: batches of 200, 20 in parallel, a pool of 5 SMTP " +
				'connections) then sends them to a local smtp-server that counts what it accepts; the time is ' +
				`until the last one is accepted. Then ${size.webhooks.toLocaleString('en')} webhook events for one ` +
				'endpoint are queued in one transaction and timed until a local HTTP receiver has them all and ' +
				'the outbox marks them sent (bench/delivery.ts).',
			results: markdownTable(['database', 'what', 'time'], rows),
			summary: rows.map((r) => r.join('  ')).join('\n'),
			checks
		};
	}
};

if (import.meta.url === `file://${process.argv[1]}`) {
	const section = await deliveryBench.run({
		quick: process.argv.includes('--quick'),
		values: {},
		log: console.log
	});
	console.log(`\n${section.results}\n`);
	for (const c of section.checks)
		console.log(
			`${c.holds === null ? 'quick' : c.holds ? 'met' : 'NOT met'}  ${c.target}: ${c.evidence}`
		);
}

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDatabase } from '../helpers/databases.ts';
import {
	startHookReceiver,
	startMailSink,
	type HookReceiver,
	type MailSink
} from '../helpers/mail-sink.ts';
import { startServerProcess } from '../helpers/server-process.ts';

const ENTRY = 'tests/helpers/delivery-process.ts';

// Real processes, killed: slow on a busy 2-core machine.
describe.each(backends)('delivery across a crash on %s', { timeout: 240_000 }, (backend) => {
	let sink: MailSink;
	let hooks: HookReceiver;

	beforeAll(async () => {
		sink = await startMailSink();
		hooks = await startHookReceiver();
	});
	afterAll(async () => {
		await sink.close();
		await hooks.close();
	});

	it('[DL8] SIGKILL right after a status change; after a restart every pending email and webhook is delivered', async () => {
		const database = await freshDatabase(backend);
		const env = {
			DATABASE_URL: database.databaseUrl ?? '',
			DATA_DIR: database.dataDir,
			SMTP_URL: sink.url,
			HOOK_URL: hooks.url,
			WEBHOOK_ALLOW_PRIVATE: '1',
			DELIVERY_BACKOFF_MS: '50'
		};
		// The first process never polls again before it dies: everything it queued is pending.
		const first = await startServerProcess(
			{ ...env, SHIP: '1', REQUESTERS: '25', DELIVERY_POLL_MS: '600000' },
			ENTRY
		);
		const line = first
			.output()
			.split('\n')
			.find((l) => l.startsWith('{"shipped"'));
		const shipped = JSON.parse(line!).shipped as { pending: number; secret: string };
		await first.stop('SIGKILL');
		expect(shipped.pending).toBe(26);
		expect(sink.messages.length).toBe(0);

		const second = await startServerProcess({ ...env, DELIVERY_POLL_MS: '100' }, ENTRY);
		try {
			await sink.waitFor(25, 30_000);
			const [hook] = await hooks.waitFor(1, 30_000);
			const to = new Set(sink.messages.map((m) => [m.to].flat()[0]!.value[0].address));
			expect(to.size).toBe(25);
			expect(
				new Webhook(shipped.secret).verify(hook.body, {
					'webhook-id': String(hook.headers['webhook-id']),
					'webhook-timestamp': String(hook.headers['webhook-timestamp']),
					'webhook-signature': String(hook.headers['webhook-signature'])
				})
			).toMatchObject({ type: 'idea.status_changed', data: { to: 'shipped' } });
		} finally {
			await second.stop();
			await database.drop();
		}
	});
	it.runIf(backend === 'postgres')(
		'[DL7] two server processes running the delivery loop on one database send each message once',
		async () => {
			const database = await freshDatabase(backend);
			const env = {
				DATABASE_URL: database.databaseUrl ?? '',
				DATA_DIR: database.dataDir,
				SMTP_URL: sink.url,
				HOOK_URL: hooks.url,
				WEBHOOK_ALLOW_PRIVATE: '1',
				DELIVERY_POLL_MS: '50'
			};
			const before = sink.messages.length;
			const idle = await startServerProcess(env, ENTRY);
			const shipping = await startServerProcess({ ...env, SHIP: '1', REQUESTERS: '150' }, ENTRY);
			try {
				await sink.waitFor(before + 150, 60_000);
				await new Promise((resolve) => setTimeout(resolve, 1000));
				const to = sink.messages.slice(before).map((m) => [m.to].flat()[0]!.value[0].address);
				expect(to.length).toBe(150);
				expect(new Set(to).size).toBe(150);
			} finally {
				await shipping.stop();
				await idle.stop();
				await database.drop();
			}
		}
	);
});

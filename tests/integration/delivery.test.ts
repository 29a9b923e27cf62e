import type { ParsedMail } from 'mailparser';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { sql } from '../../server/db/sql.ts';
import { insertUser } from '../../server/db/users.ts';
import { DeliveryLoop } from '../../server/delivery/loop.ts';
import { createMailer } from '../../server/delivery/mailer.ts';
import { queueEmail } from '../../server/delivery/outbox.ts';
import { checkWebhookUrl, postWebhook } from '../../server/delivery/webhooks.ts';
import { noticeEmail } from '../../server/delivery/email.ts';
import { requestPasswordReset, resetPassword } from '../../server/delivery/password-reset.ts';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { startApiServer, type ApiServer } from '../helpers/api-routes.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import {
	startHookReceiver,
	startMailSink,
	type HookReceiver,
	type MailSink
} from '../helpers/mail-sink.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('delivery on %s', (backend) => {
	let database: FreshDatabase;
	let server: ApiServer;
	let sink: MailSink;
	let hooks: HookReceiver;
	let pat: string;
	let product: Json;
	let n = 0;

	async function call(method: string, path: string, body?: unknown, as = pat) {
		const response = await fetch(server.url + '/api/v1' + path, {
			method,
			headers: {
				cookie: as,
				'x-test-ip': `10.1.0.${++n % 250}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
	}

	const idea = async (title: string) =>
		(await call('POST', `/products/${product.id}/ideas`, { title })).body;
	const ask = async (ideaId: string, email: string) => {
		const res = await call('POST', `/products/${product.id}/feedback`, {
			text: `I need ${ideaId} (${n++})`,
			requester: { email },
			ideaId
		});
		expect(res.status).toBe(201);
	};
	const setStatus = (ideaId: string, status: string, note?: string) =>
		call('POST', `/products/${product.id}/ideas/${ideaId}/status`, { status, note });

	beforeAll(async () => {
		database = await freshDatabase(backend);
		sink = await startMailSink();
		hooks = await startHookReceiver();
		server = await startApiServer(database, {
			smtpUrl: sink.url,
			mailFrom: 'Converge <updates@converge.test>',
			origin: 'https://converge.test',
			webhookAllowPrivate: true,
			deliveryBackoffMs: 50,
			deliveryPollMs: 100,
			webhookRetryWindowMs: 1500
		});
		const u = await insertUser(server.app.db, {
			email: 'pat@converge.test',
			name: 'Pat',
			function: 'Product',
			passwordHash: null
		});
		pat = `${SESSION_COOKIE}=${(await createSession(server.app.db, u.id)).token}`;
		product = (await call('POST', '/products', { name: 'Roadmap App' })).body;
		await call('PATCH', `/products/${product.id}`, { portalEnabled: true });
	}, 60_000);

	afterAll(async () => {
		await server.close();
		await sink.close();
		await hooks.close();
		await database.drop();
	});

	it('[DL1] keeps every status change with who, when and the note; Declined needs a public note', async () => {
		const item = await idea('Dark mode');
		expect((await setStatus(item.id, 'declined')).status).toBe(400);
		expect((await setStatus(item.id, 'under_review')).status).toBe(200);
		const planned = await setStatus(item.id, 'planned', 'Next quarter');
		expect(planned.status).toBe(200);
		expect(planned.body.change).toMatchObject({ from: 'under_review', to: 'planned' });
		expect((await setStatus(item.id, 'planned')).status).toBe(409);
		const history = await call('GET', `/products/${product.id}/ideas/${item.id}/status-history`);
		expect(history.body.changes).toMatchObject([
			{ from: 'under_review', to: 'planned', note: 'Next quarter', changedBy: { name: 'Pat' } },
			{ from: 'open', to: 'under_review', note: '', changedBy: { name: 'Pat' } }
		]);
		expect(Date.parse(history.body.changes[0].changedAt)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('[DL2] emails each person who asked once, across repeated links, merges, votes and subscriptions, with both parts and one-click unsubscribe headers', async () => {
		const main = await idea('Export to PDF');
		const dup = await idea('PDF export please');
		await ask(main.id, 'ann@example.com');
		await ask(main.id, 'ann@example.com');
		await ask(main.id, 'Ann@Example.com');
		await ask(dup.id, 'ann@example.com');
		await ask(dup.id, 'bob@example.com');
		expect(
			(await call('POST', `/products/${product.id}/ideas/${dup.id}/merge`, { into: main.id }))
				.status
		).toBe(200);
		await call('PATCH', `/products/${product.id}/ideas/${main.id}`, { public: true });
		const vote = await fetch(`${server.url}/api/v1/portal/${product.slug}/ideas/${main.id}/votes`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-test-ip': '10.9.9.9' },
			body: JSON.stringify({ email: 'cat@example.com' })
		});
		expect(vote.status).toBeLessThan(300);
		await server.app.db.query(
			sql`insert into idea_subscribers (idea_id, email) values (${main.id}, 'dan@example.com'), (${main.id}, 'BOB@example.com')`
		);
		// An address that is not one, entered before validation existed: kept, flagged, not mailed.
		await server.app.db.query(sql`
			insert into requesters (id, product_id, email) values ('rq-bad', ${product.id}, 'not-an-address');
			`);
		await server.app.db.query(sql`
			insert into feedback (id, product_id, text, source, requester_id, idea_id, state)
			values ('fb-bad', ${product.id}, 'me too', 'team', 'rq-bad', ${main.id}, 'linked')`);

		// Under review does not notify by default.
		expect((await setStatus(main.id, 'under_review')).body.emailsQueued).toBe(0);
		const before = sink.messages.length;
		const shipped = await setStatus(main.id, 'shipped', 'Out today in 2.4.');
		expect(shipped.body.emailsQueued).toBe(4);
		const mail = (await sink.waitFor(before + 4)).slice(before);
		await settle(300);
		expect(sink.messages.length).toBe(before + 4);
		const recipients = mail.map((m) => addressOf(m)).sort();
		expect(recipients).toEqual([
			'ann@example.com',
			'bob@example.com',
			'cat@example.com',
			'dan@example.com'
		]);
		for (const m of mail) {
			expect(m.subject).toBe('Shipped: Export to PDF');
			expect(m.text).toContain('Out today in 2.4.');
			expect(m.text).toContain(`https://converge.test/p/${product.slug}/ideas/${main.id}`);
			expect(m.html).toContain('Out today in 2.4.');
			expect(String(m.html)).not.toMatch(/<img/i);
			expect(rawHeader(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
			expect(rawHeader(m, 'list-unsubscribe')).toMatch(
				/^<?https:\/\/converge\.test\/unsubscribe\/[^>]+>?$/
			);
		}
		const [flag] = await server.app.db.query(
			sql`select state from email_addresses where email = 'not-an-address'`
		);
		expect(flag.state).toBe('invalid');
	});

	it('[DL3] unsubscribes by the link (browser button) and by one-click POST without signing in, and then mails them no more', async () => {
		const item = await idea('Keyboard shortcuts');
		await ask(item.id, 'eve@example.com');
		await ask(item.id, 'fay@example.com');
		await ask(item.id, 'gus@example.com');
		const before = sink.messages.length;
		await setStatus(item.id, 'planned');
		const mail = (await sink.waitFor(before + 3)).slice(before);
		const link = (who: string) => {
			const m = mail.find((x) => addressOf(x) === who)!;
			return new URL(String(rawHeader(m, 'list-unsubscribe')).replace(/^<|>$/g, '')).pathname;
		};
		// The link's button: a browser form post, sent back to the confirmation page.
		const button = await fetch(server.url + link('eve@example.com'), {
			method: 'POST',
			headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(button.status).toBe(303);
		// RFC 8058 one-click, as a mail provider sends it: no cookie, no Origin.
		const oneClick = await fetch(server.url + link('fay@example.com'), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(oneClick.status).toBe(200);
		const forged = await fetch(server.url + link('gus@example.com').slice(0, -3) + 'xyz', {
			method: 'POST',
			body: 'List-Unsubscribe=One-Click'
		});
		expect(forged.status).toBe(404);

		const after = sink.messages.length;
		await setStatus(item.id, 'shipped');
		await sink.waitFor(after + 1);
		await settle(500);
		expect(sink.messages.slice(after).map(addressOf)).toEqual(['gus@example.com']);
	});

	it('[DL4] a bounce (SMTP 5xx) marks the address undeliverable and it is not mailed again', async () => {
		const item = await idea('Bulk edit');
		await ask(item.id, 'gone@example.com');
		sink.reject.add('gone@example.com');
		await setStatus(item.id, 'planned');
		await waitUntil(async () => {
			const rows = await server.app.db.query(
				sql`select state from email_addresses where email = 'gone@example.com'`
			);
			return rows[0]?.state === 'undeliverable';
		});
		expect((await setStatus(item.id, 'shipped')).body.emailsQueued).toBe(0);
	});

	it('[DL5] a webhook whose receiver fails twice arrives on the third try with the same webhook-id and a valid signature', async () => {
		const created = await call('POST', `/products/${product.id}/webhooks`, {
			url: hooks.url,
			eventTypes: ['idea.status_changed']
		});
		expect(created.status).toBe(201);
		expect(created.body.secret).toMatch(/^whsec_/);
		const listed = await call('GET', `/products/${product.id}/webhooks`);
		expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
		const item = await idea('Webhooks');
		hooks.statuses.push(500, 503);
		const before = hooks.received.length;
		await setStatus(item.id, 'in_progress');
		const got = (await hooks.waitFor(before + 3)).slice(before, before + 3);
		expect(got.map((h) => h.status)).toEqual([500, 503, 200]);
		const ids = new Set(got.map((h) => h.headers['webhook-id']));
		expect(ids.size).toBe(1);
		const verified = new Webhook(created.body.secret).verify(got[2].body, {
			'webhook-id': String(got[2].headers['webhook-id']),
			'webhook-timestamp': String(got[2].headers['webhook-timestamp']),
			'webhook-signature': String(got[2].headers['webhook-signature'])
		}) as Json;
		expect(verified).toMatchObject({
			type: 'idea.status_changed',
			data: { idea: { id: item.id }, from: 'open', to: 'in_progress' }
		});
		// The receiver answered before the loop records the answer: wait for the record.
		const deliveriesUrl = `/products/${product.id}/webhooks/${created.body.id}/deliveries`;
		await waitUntil(
			async () => (await call('GET', deliveriesUrl)).body.deliveries[0]?.state === 'sent',
			10_000
		);
		const deliveries = await call('GET', deliveriesUrl);
		expect(deliveries.body.deliveries[0]).toMatchObject({ state: 'sent', attempts: 3 });
		const again = await call(
			'POST',
			`/products/${product.id}/webhooks/${created.body.id}/deliveries/${deliveries.body.deliveries[0].id}/redeliver`
		);
		expect(again.status).toBe(202);
		const [redelivered] = (await hooks.waitFor(before + 4)).slice(before + 3);
		expect(redelivered.headers['webhook-id']).toBe(got[0].headers['webhook-id']);
		await call('DELETE', `/products/${product.id}/webhooks/${created.body.id}`);
	});

	it('[DL5] an endpoint failing for the whole retry window is disabled and its owners are emailed', async () => {
		const created = await call('POST', `/products/${product.id}/webhooks`, {
			url: hooks.url,
			eventTypes: ['idea.status_changed']
		});
		hooks.statuses.push(...Array<number>(200).fill(500));
		const before = sink.messages.length;
		await setStatus((await idea('Always failing')).id, 'under_review');
		await waitUntil(async () => {
			const list = await call('GET', `/products/${product.id}/webhooks`);
			return list.body.webhooks.some(
				(w: Json) => w.id === created.body.id && w.disabledAt !== null
			);
		}, 20_000);
		const [notice] = (await sink.waitFor(before + 1)).slice(before);
		expect(addressOf(notice)).toBe('pat@converge.test');
		expect(notice.subject).toBe('A webhook of Roadmap App was disabled');
		hooks.statuses.length = 0;
		await call('DELETE', `/products/${product.id}/webhooks/${created.body.id}`);
	});

	it('[DL6] refuses webhook URLs on loopback, link-local and private addresses, and other schemes', async () => {
		for (const url of [
			'http://127.0.0.1/x',
			'http://localhost:8080/x',
			'http://10.0.0.5/x',
			'http://192.168.1.1/x',
			'http://172.20.0.1/x',
			'http://169.254.169.254/latest/meta-data',
			'http://[::1]/x',
			'http://[::ffff:127.0.0.1]/x',
			'http://[fe80::1]/x',
			'ftp://example.com/x',
			'file:///etc/passwd'
		]) {
			await expect(checkWebhookUrl(url, false), url).rejects.toMatchObject({ code: 'bad_request' });
		}
		// At send time too, so a name that later resolves inward is not followed.
		await expect(postWebhook(hooks.url, {}, '{}', { allowPrivate: false })).rejects.toThrow(
			/private/
		);
		expect(
			(
				await call('POST', `/products/${product.id}/webhooks`, {
					url: 'gopher://x',
					eventTypes: ['idea.merged']
				})
			).status
		).toBe(400);
	});

	it('[DL7] several delivery loops at once send each message once', async () => {
		const extra: Database[] = [];
		const loops: DeliveryLoop[] = [];
		for (let i = 0; i < 2; i++) {
			const db =
				backend === 'postgres' ? await openDatabase({ url: database.databaseUrl }) : server.app.db;
			if (db !== server.app.db) extra.push(db);
			const loop = new DeliveryLoop({
				db,
				mailer: createMailer(sink.url, 'x@converge.test'),
				log: () => {},
				origin: 'https://converge.test',
				allowPrivate: true,
				backoffMs: 50,
				pollMs: 20,
				retryWindowMs: 60_000,
				batch: 7
			});
			loops.push(loop);
		}
		const before = sink.messages.length;
		await server.app.db.transaction(async (tx) => {
			for (let i = 0; i < 120; i++) {
				await queueEmail(tx, noticeEmail(`many${i}@example.com`, `Hello ${i}`, ['Hi'], null));
			}
		});
		loops.forEach((loop) => loop.start());
		server.app.delivery.wake();
		await sink.waitFor(before + 120, 30_000);
		await settle(500);
		const got = sink.messages.slice(before).map(addressOf);
		expect(got.length).toBe(120);
		expect(new Set(got).size).toBe(120);
		for (const loop of loops) await loop.stop();
		for (const db of extra) await db.close();
	});
	it('[DL9] a password reset link arrives by email, works once and expires', async () => {
		const { db } = server.app;
		const before = sink.messages.length;
		await requestPasswordReset(db, { email: 'PAT@converge.test' }, 'https://converge.test');
		await requestPasswordReset(db, { email: 'nobody@converge.test' }, 'https://converge.test');
		server.app.delivery.wake();
		const [mail] = (await sink.waitFor(before + 1)).slice(before);
		expect(addressOf(mail)).toBe('pat@converge.test');
		const token = /https:\/\/converge\.test\/reset\/([\w-]+)/.exec(String(mail.text))![1];
		await resetPassword(db, token, { password: 'a new password' });
		const [user] = await db.query(
			sql`select password_hash from users where email = 'pat@converge.test'`
		);
		expect(await verifyPassword(user.password_hash, 'a new password')).toBe(true);
		await expect(resetPassword(db, token, { password: 'another one!' })).rejects.toMatchObject({
			code: 'not_found'
		});
		// Every session of the account was signed out.
		expect((await call('GET', '/products')).status).toBe(401);
		// A link past its lifetime is refused, unused.
		const later = sink.messages.length;
		await requestPasswordReset(db, { email: 'pat@converge.test' }, 'https://converge.test', 1);
		server.app.delivery.wake();
		const [expired] = (await sink.waitFor(later + 1)).slice(later);
		const old = /\/reset\/([\w-]+)/.exec(String(expired.text))![1];
		await settle(20);
		await expect(resetPassword(db, old, { password: 'too late now' })).rejects.toMatchObject({
			code: 'not_found'
		});
	});
});

/** A header as sent (mailparser folds List-* headers into an object). */
function rawHeader(mail: ParsedMail, name: string): string | undefined {
	const line = mail.headerLines.find((h) => h.key === name)?.line;
	return line?.slice(line.indexOf(':') + 1).trim();
}

function addressOf(mail: ParsedMail): string {
	return [mail.to].flat()[0]!.value[0].address!.toLowerCase();
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await settle(50);
	}
}

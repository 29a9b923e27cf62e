import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { sql } from '../../server/db/sql.ts';
import { insertUser } from '../../server/db/users.ts';
import { startApiServer, type ApiServer } from '../helpers/api-routes.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const addressOf = (mail: ParsedMail) => [mail.to].flat()[0]!.value[0].address!.toLowerCase();

describe.each(backends)('followers and invitations by email on %s', (backend) => {
	let database: FreshDatabase;
	let server: ApiServer;
	let sink: MailSink;
	let pat: string;
	let kim: string;
	let product: Json;
	let n = 0;

	async function call(method: string, path: string, body?: unknown, as: string | null = pat) {
		const response = await fetch(server.url + '/api/v1' + path, {
			method,
			headers: {
				...(as ? { cookie: as } : {}),
				'x-test-ip': `10.2.0.${++n % 250}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
	}

	async function signedIn(email: string, name: string) {
		const user = await insertUser(server.app.db, {
			email,
			name,
			function: 'Product',
			passwordHash: null
		});
		return `${SESSION_COOKIE}=${(await createSession(server.app.db, user.id)).token}`;
	}

	beforeAll(async () => {
		database = await freshDatabase(backend);
		sink = await startMailSink();
		server = await startApiServer(database, {
			smtpUrl: sink.url,
			origin: 'https://converge.test',
			deliveryBackoffMs: 50,
			deliveryPollMs: 100
		});
		pat = await signedIn('pat@converge.test', 'Pat');
		kim = await signedIn('kim@converge.test', 'Kim');
		product = (await call('POST', '/products', { name: 'Follow App' })).body;
		await call('PATCH', `/products/${product.id}`, { portalEnabled: true });
	}, 180_000);

	afterAll(async () => {
		await server.close();
		await sink.close();
		await database.drop();
	});

	it('[DL13] a customer follows a public idea from the portal; the team lists, adds and removes followers; each person gets one status email', async () => {
		const idea = (
			await call('POST', `/products/${product.id}/ideas`, { title: 'Offline mode', public: true })
		).body;
		const hidden = (await call('POST', `/products/${product.id}/ideas`, { title: 'Secret' })).body;
		const follow = (ideaId: string, email: string) =>
			call('POST', `/portal/${product.slug}/ideas/${ideaId}/subscribers`, { email }, null);
		expect((await follow(idea.id, 'Fern@Example.com')).status).toBe(201);
		expect((await follow(idea.id, 'fern@example.com')).status).toBe(200);
		expect((await follow(idea.id, 'not an address')).status).toBe(400);
		// Only public ideas can be followed from the portal.
		expect((await follow(hidden.id, 'fern@example.com')).status).toBe(404);

		// Fern also asked and voted; Gil follows, asked, and is added by the team too.
		await call('POST', `/products/${product.id}/feedback`, {
			text: 'Offline please',
			requester: { email: 'fern@example.com' },
			ideaId: idea.id
		});
		await call(
			'POST',
			`/portal/${product.slug}/ideas/${idea.id}/votes`,
			{ email: 'FERN@example.com' },
			null
		);
		await follow(idea.id, 'gil@example.com');
		await call('POST', `/products/${product.id}/feedback`, {
			text: 'Need offline too',
			requester: { email: 'gil@example.com' },
			ideaId: idea.id
		});
		expect(
			(
				await call('POST', `/products/${product.id}/ideas/${idea.id}/subscribers`, {
					email: 'GIL@example.com'
				})
			).status
		).toBe(200);
		expect(
			(
				await call('POST', `/products/${product.id}/ideas/${idea.id}/subscribers`, {
					email: 'hal@example.com'
				})
			).status
		).toBe(201);
		expect(
			(
				await call('POST', `/products/${product.id}/ideas/${idea.id}/subscribers`, {
					email: 'ivy@example.com'
				})
			).status
		).toBe(201);
		const listed = await call('GET', `/products/${product.id}/ideas/${idea.id}/subscribers`);
		expect(listed.body.subscribers.map((s: Json) => s.email)).toEqual([
			'fern@example.com',
			'gil@example.com',
			'hal@example.com',
			'ivy@example.com'
		]);
		const removeUrl = `/products/${product.id}/ideas/${idea.id}/subscribers?email=IVY@example.com`;
		expect((await call('DELETE', removeUrl)).status).toBe(204);
		expect((await call('DELETE', removeUrl)).status).toBe(404);
		// Not a member of the product: nothing to see.
		expect(
			(await call('GET', `/products/${product.id}/ideas/${idea.id}/subscribers`, undefined, kim))
				.status
		).toBe(404);

		const before = sink.messages.length;
		const shipped = await call('POST', `/products/${product.id}/ideas/${idea.id}/status`, {
			status: 'shipped'
		});
		expect(shipped.body.emailsQueued).toBe(3);
		const mail = (await sink.waitFor(before + 3)).slice(before);
		await settle(400);
		expect(sink.messages.length).toBe(before + 3);
		expect(mail.map(addressOf).sort()).toEqual([
			'fern@example.com',
			'gil@example.com',
			'hal@example.com'
		]);
	});

	it('[DL13] a follower of an idea merged into another is mailed about the one it is in', async () => {
		const main = (
			await call('POST', `/products/${product.id}/ideas`, { title: 'Sync', public: true })
		).body;
		const dup = (
			await call('POST', `/products/${product.id}/ideas`, { title: 'Syncing', public: true })
		).body;
		await call('POST', `/products/${product.id}/ideas/${dup.id}/merge`, { into: main.id });
		// Following the merged idea follows the one it is in.
		await call(
			'POST',
			`/portal/${product.slug}/ideas/${dup.id}/subscribers`,
			{ email: 'jo@example.com' },
			null
		);
		const [row] = await server.app.db.query(
			sql`select idea_id from idea_subscribers where email = 'jo@example.com'`
		);
		expect(row.idea_id).toBe(main.id);
		const before = sink.messages.length;
		await call('POST', `/products/${product.id}/ideas/${main.id}/status`, { status: 'planned' });
		const [mail] = (await sink.waitFor(before + 1)).slice(before);
		expect(addressOf(mail)).toBe('jo@example.com');
		expect(mail.subject).toBe('Planned: Sync');
	});

	it('[DL14] a facilitator invites someone to a workshop by email: the link in the email joins it', async () => {
		const workshop = (await call('POST', '/workshops', { title: 'Planning day' })).body;
		const refused = await call(
			'POST',
			`/workshops/${workshop.id}/invites/email`,
			{ email: 'x@example.com' },
			kim
		);
		// Only facilitators invite (someone outside the workshop is refused as for any invite link).
		expect(refused.status).toBe(403);
		const before = sink.messages.length;
		const sent = await call('POST', `/workshops/${workshop.id}/invites/email`, {
			email: 'Lee@Example.com',
			role: 'viewer'
		});
		expect(sent.status).toBe(201);
		expect(sent.body).toMatchObject({ email: 'lee@example.com', role: 'viewer', queued: true });
		const [mail] = (await sink.waitFor(before + 1)).slice(before);
		expect(addressOf(mail)).toBe('lee@example.com');
		expect(mail.subject).toBe('Pat invites you to the workshop “Planning day”');
		const token = /https:\/\/converge\.test\/join\/([\w-]+)/.exec(String(mail.text))![1];
		const lee = await signedIn('lee@example.com', 'Lee');
		const joined = await call('POST', `/invites/${token}/join`, {}, lee);
		expect(joined.status).toBe(200);
		expect(joined.body).toEqual({ workshopId: workshop.id, role: 'viewer' });
		expect(String(mail.html)).not.toMatch(/<img/i);
	});

	it('[DL14] an owner invites someone to a product by email: the link works once, for whoever signs in with it', async () => {
		expect(
			(await call('POST', `/products/${product.id}/invites`, { email: 'kim@converge.test' }, kim))
				.status
		).toBe(404);
		const before = sink.messages.length;
		const sent = await call('POST', `/products/${product.id}/invites`, {
			email: 'kim@converge.test'
		});
		expect(sent.status).toBe(201);
		const [mail] = (await sink.waitFor(before + 1)).slice(before);
		expect(addressOf(mail)).toBe('kim@converge.test');
		expect(mail.subject).toBe('Pat invites you to Follow App on Converge');
		const path = new URL(
			/https:\/\/converge\.test\/product-invite\/[\w-]+/.exec(String(mail.text))![0]
		).pathname;
		const token = path.split('/').pop()!;
		const [stored] = await server.app.db.query(
			sql`select token_hash from product_invites where id = ${sent.body.id}`
		);
		expect(stored.token_hash).not.toContain(token);

		const { acceptProductInvite } = await import('../../server/delivery/invitations.ts');
		const [kimRow] = await server.app.db.query<{ id: string }>(
			sql`select id from users where email = 'kim@converge.test'`
		);
		expect((await acceptProductInvite(server.app.db, kimRow.id, token)).slug).toBe(product.slug);
		expect((await call('GET', `/products/${product.id}/ideas`, undefined, kim)).status).toBe(200);
		await expect(acceptProductInvite(server.app.db, kimRow.id, token)).rejects.toMatchObject({
			code: 'not_found'
		});
	});
});

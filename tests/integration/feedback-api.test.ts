import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBacklogRef } from '../../src/lib/model/backlog.ts';
import { addIdea, readIdeas } from '../../src/lib/model/board.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { sql } from '../../server/db/sql.ts';
import { insertUser } from '../../server/db/users.ts';
import { documentName } from '../../server/sync/documents.ts';
import { startApiServer, type ApiServer } from '../helpers/api-routes.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies, checked against the OpenAPI schemas

const fixture = (name: string) => readFileSync(`tests/fixtures/feedback/${name}`, 'utf8');

describe.each(backends)('feedback API on %s', (backend) => {
	let database: FreshDatabase;
	let server: ApiServer;
	let doc: Json;
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	addFormats.default(ajv);
	let pat: string; // owner of Pat's product
	let mo: string; // member of Pat's product
	let sam: string; // owner of another product
	let product: Json;
	let other: Json;
	let ip = 0;

	/**
	 * Calls the API and checks the response against the OpenAPI document's schema for that path,
	 * method and status, so the document cannot drift from what the routes return.
	 */
	async function call(
		method: string,
		path: string,
		options: { as?: string; key?: string; body?: unknown; raw?: string; contentType?: string } = {}
	): Promise<{ status: number; body: Json }> {
		const headers: Record<string, string> = { 'x-test-ip': `10.0.0.${++ip % 250}` };
		if (options.as) headers.cookie = options.as;
		if (options.key) headers.authorization = `Bearer ${options.key}`;
		let body: string | undefined;
		if (options.raw !== undefined) {
			body = options.raw;
			headers['content-type'] = options.contentType ?? 'text/csv';
		} else if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['content-type'] = 'application/json';
		}
		const response = await fetch(server.url + '/api/v1' + path, { method, headers, body });
		const text = await response.text();
		const json = text ? JSON.parse(text) : {};
		checkAgainstDocument(method, path, response.status, json);
		return { status: response.status, body: json };
	}

	function checkAgainstDocument(method: string, path: string, status: number, body: Json) {
		const bare = path.split('?')[0];
		const template = Object.keys(doc.paths).find((t) =>
			new RegExp('^' + t.replace(/\{[^}]+\}/g, '[^/]+') + '$').test(bare)
		);
		expect(template, `${bare} is in the OpenAPI document`).toBeDefined();
		const operation = doc.paths[template!][method.toLowerCase()];
		expect(operation, `${method} ${template} is documented`).toBeDefined();
		const response = operation.responses[String(status)];
		expect(response, `${method} ${template} documents status ${status}`).toBeDefined();
		const schema = response.content?.['application/json']?.schema;
		if (!schema) return;
		const validate = ajv.compile({ ...schema, components: doc.components });
		expect(validate(body), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(
			true
		);
	}

	async function user(name: string): Promise<{ id: string; cookie: string }> {
		const u = await insertUser(server.app.db, {
			email: `${name}@converge.test`,
			name,
			function: 'Product',
			passwordHash: null
		});
		const { token } = await createSession(server.app.db, u.id);
		return { id: u.id, cookie: `${SESSION_COOKIE}=${token}` };
	}

	async function waitForImport(pid: string, id: string): Promise<Json> {
		for (let i = 0; i < 200; i++) {
			const { body } = await call('GET', `/products/${pid}/imports/${id}`, { as: pat });
			if (body.state !== 'running') return body;
			await new Promise((r) => setTimeout(r, 50));
		}
		throw new Error('import did not finish');
	}

	/**
	 * Streams `mebibytes` MiB without a Content-Length, on its own connection (the server answers
	 * before the upload ends, which would spoil a pooled keep-alive socket for the next test).
	 */
	function sendChunked(path: string, type: string, mebibytes: number) {
		return new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = httpRequest(`${server.url}/api/v1${path}`, {
				method: 'POST',
				agent: false,
				headers: { cookie: pat, 'content-type': type, 'transfer-encoding': 'chunked' }
			});
			req.on('response', (res) => {
				let body = '';
				res.on('data', (chunk) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
			});
			req.on('error', reject);
			const chunk = Buffer.alloc(1024 * 1024, 'a,b,c\n');
			let sent = 0;
			const pump = () => {
				while (sent < mebibytes) {
					sent++;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
				req.end();
			};
			pump();
		});
	}

	beforeAll(async () => {
		database = await freshDatabase(backend);
		server = await startApiServer(database);
		doc = await (await fetch(server.url + '/api/v1/openapi.json')).json();
		const p = await user('pat');
		const m = await user('mo');
		const s = await user('sam');
		[pat, mo, sam] = [p.cookie, m.cookie, s.cookie];
		product = (await call('POST', '/products', { as: pat, body: { name: 'Roadmap App' } })).body;
		other = (await call('POST', '/products', { as: sam, body: { name: 'Other Co' } })).body;
		await server.app.db.query(
			sql`insert into product_members (product_id, user_id, role) values (${product.id}, ${m.id}, 'member')`
		);
	});

	afterAll(async () => {
		await server?.close();
		await database?.drop();
	});

	it('serves an OpenAPI 3.1 document that a validator accepts', async () => {
		const result = await new Validator().validate(doc);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(doc.openapi).toBe('3.1.0');
	});

	it('[FB1] creates products with a derived slug and lists each user only their own', async () => {
		expect(product).toMatchObject({ name: 'Roadmap App', slug: 'roadmap-app', role: 'owner' });
		const again = await call('POST', '/products', { as: sam, body: { name: 'Roadmap app' } });
		expect(again.status).toBe(201);
		expect(again.body.slug).toBe('roadmap-app-2');
		const mine = await call('GET', '/products', { as: pat });
		expect(mine.body.products.map((p: Json) => p.id)).toEqual([product.id]);
		const members = await call('GET', '/products', { as: mo });
		expect(members.body.products).toMatchObject([{ id: product.id, role: 'member' }]);
		expect((await call('GET', '/products')).status).toBe(401);
		const bad = await call('POST', '/products', { as: pat, body: { name: '' } });
		expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'name' });
	});

	it('[FB1] answers a member of another product with 404 and never the data', async () => {
		const idea = await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Private idea' }
		});
		for (const path of [
			`/products/${product.id}`,
			`/products/${product.id}/ideas`,
			`/products/${product.id}/ideas/${idea.body.id}`,
			`/products/${product.id}/feedback`
		]) {
			const response = await call('GET', path, { as: sam });
			expect(response.status, path).toBe(404);
			expect(JSON.stringify(response.body)).not.toContain('Private idea');
		}
		const write = await call('POST', `/products/${product.id}/ideas`, {
			as: sam,
			body: { title: 'Sneaky' }
		});
		expect(write.status).toBe(404);
		const settings = await call('PATCH', `/products/${product.id}`, {
			as: mo,
			body: { portalEnabled: true }
		});
		expect(settings.status).toBe(403);
	});

	it('[FB2] creates, lists and revokes API keys; a key is shown once, stored hashed, and acts only on its product', async () => {
		const created = await call('POST', `/products/${product.id}/api-keys`, {
			as: pat,
			body: { label: 'Zapier' }
		});
		expect(created.status).toBe(201);
		const key = created.body.key as string;
		expect(key).toMatch(/^cvg_/);
		const listed = await call('GET', `/products/${product.id}/api-keys`, { as: pat });
		expect(listed.body.apiKeys).toMatchObject([{ id: created.body.id, label: 'Zapier' }]);
		expect(JSON.stringify(listed.body)).not.toContain(key);
		const stored = await server.app.db.query(sql`select key_hash from api_keys`);
		expect(JSON.stringify(stored)).not.toContain(key.slice(4));

		const viaKey = await call('POST', `/products/${product.id}/feedback`, {
			key,
			body: { text: 'From Slack', requester: { email: 'kim@acme.test' } }
		});
		expect(viaKey.status).toBe(201);
		expect(viaKey.body.source).toBe('api');
		expect((await call('GET', '/products', { key })).body.products).toMatchObject([
			{ id: product.id }
		]);
		expect((await call('GET', `/products/${other.id}/ideas`, { key })).status).toBe(404);
		expect((await call('GET', `/products/${product.id}/api-keys`, { key })).status).toBe(403);
		expect(
			(await call('POST', `/products/${product.id}/api-keys`, { as: mo, body: { label: 'x' } }))
				.status
		).toBe(403);

		const revoked = await fetch(
			`${server.url}/api/v1/products/${product.id}/api-keys/${created.body.id}`,
			{
				method: 'DELETE',
				headers: { cookie: pat }
			}
		);
		expect(revoked.status).toBe(204);
		const after = await call('GET', `/products/${product.id}/ideas`, { key });
		expect(after.status).toBe(401);
		expect(after.body.error.code).toBe('unauthorized');
		expect((await call('GET', `/products/${product.id}/ideas`, { key: 'cvg_madeup' })).status).toBe(
			401
		);
	});

	it('[FB3] takes feedback once per externalId and lists the Inbox by state', async () => {
		const body = {
			text: 'Please export to PDF',
			externalId: 'zendesk-1001',
			requester: { email: 'ana@acme.test', name: 'Ana' },
			company: { name: 'Acme', arr: 120000, segment: 'enterprise' }
		};
		const first = await call('POST', `/products/${product.id}/feedback`, { as: pat, body });
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({
			state: 'new',
			source: 'team',
			requester: { email: 'ana@acme.test', name: 'Ana' },
			company: { name: 'Acme', arr: 120000, segment: 'enterprise' }
		});
		const again = await call('POST', `/products/${product.id}/feedback`, { as: pat, body });
		expect(again.status).toBe(200);
		expect(again.body.id).toBe(first.body.id);
		const inbox = await call('GET', `/products/${product.id}/feedback?state=new`, { as: pat });
		expect(inbox.body.feedback.filter((f: Json) => f.externalId === 'zendesk-1001')).toHaveLength(
			1
		);
		expect(
			(await call('GET', `/products/${product.id}/feedback?state=nope`, { as: pat })).status
		).toBe(400);
		const html = await call('POST', `/products/${product.id}/feedback`, {
			as: pat,
			body: { text: '<script>alert(1)</script>' }
		});
		expect(html.body.text).toBe('<script>alert(1)</script>');
		const got = await call('GET', `/products/${product.id}/feedback/${first.body.id}`, { as: mo });
		expect(got.body.id).toBe(first.body.id);
	});

	it('[FB4] links and unlinks feedback, and the idea shows its demand, filters and sorts', async () => {
		const pdf = await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Export roadmap to PDF', tags: ['Export', 'pdf'] }
		});
		expect(pdf.status).toBe(201);
		expect(pdf.body.tags).toEqual(['export', 'pdf']);
		const sso = await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'SAML single sign-on', description: 'Okta first' }
		});
		const asks = [
			['bo@globex.test', { name: 'Globex', arr: 30000, segment: 'mid-market' }],
			['cy@globex.test', { name: 'Globex' }],
			['di@initech.test', { name: 'Initech', arr: 5000, segment: 'smb' }]
		] as const;
		const ids: string[] = [];
		for (const [email, company] of asks) {
			const f = await call('POST', `/products/${product.id}/feedback`, {
				as: pat,
				body: { text: `SSO please (${email})`, requester: { email }, company }
			});
			ids.push(f.body.id);
			const linked = await call('POST', `/products/${product.id}/feedback/${f.body.id}/link`, {
				as: mo,
				body: { ideaId: sso.body.id }
			});
			expect(linked.status).toBe(200);
			expect(linked.body).toMatchObject({ state: 'linked', ideaId: sso.body.id });
		}
		const detail = await call('GET', `/products/${product.id}/ideas/${sso.body.id}`, { as: pat });
		expect(detail.body.demand).toMatchObject({
			requesters: 3,
			companies: 2,
			arr: 35000,
			feedback: 3,
			trend: 3,
			bySegment: {
				'mid-market': { requesters: 2, companies: 1, arr: 30000 },
				smb: { requesters: 1, companies: 1, arr: 5000 }
			}
		});
		expect(detail.body.recentFeedback).toHaveLength(3);

		const list = async (query: string) =>
			(await call('GET', `/products/${product.id}/ideas?${query}`, { as: pat })).body.ideas.map(
				(i: Json) => i.title
			);
		expect((await list('sort=demand'))[0]).toBe('SAML single sign-on');
		expect((await list('sort=arr'))[0]).toBe('SAML single sign-on');
		expect((await list('sort=trend'))[0]).toBe('SAML single sign-on');
		expect((await list('sort=newest'))[0]).toBe('SAML single sign-on');
		expect(await list('q=okta')).toEqual(['SAML single sign-on']);
		expect(await list('tag=pdf')).toEqual(['Export roadmap to PDF']);
		expect(await list('segment=smb')).toEqual(['SAML single sign-on']);
		expect(await list('source=team')).toEqual(['SAML single sign-on']);
		expect(
			(await call('GET', `/products/${product.id}/ideas?sort=loudest`, { as: pat })).status
		).toBe(400);

		const unlinked = await call('POST', `/products/${product.id}/feedback/${ids[2]}/unlink`, {
			as: pat
		});
		expect(unlinked.body).toMatchObject({ state: 'new', ideaId: null });
		const after = await call('GET', `/products/${product.id}/ideas/${sso.body.id}`, { as: pat });
		expect(after.body.demand).toMatchObject({ requesters: 2, companies: 1, arr: 30000 });
		const archived = await call('POST', `/products/${product.id}/feedback/${ids[2]}/archive`, {
			as: pat
		});
		expect(archived.body.state).toBe('archived');
		const fromFeedback = await call('POST', `/products/${product.id}/feedback/${ids[2]}/idea`, {
			as: pat,
			body: {}
		});
		expect(fromFeedback.status).toBe(201);
		expect(fromFeedback.body.idea.title).toBe('SSO please (di@initech.test)');
		expect(fromFeedback.body.idea.demand.requesters).toBe(1);
	});

	it('[FB5] merges as a link, counts the union, refuses bad merges, and unmerge restores exact figures', async () => {
		const make = async (title: string, emails: string[]) => {
			const idea = await call('POST', `/products/${product.id}/ideas`, {
				as: pat,
				body: { title }
			});
			for (const email of emails) {
				await call('POST', `/products/${product.id}/feedback`, {
					as: pat,
					body: {
						text: title,
						requester: { email },
						company: { name: email.split('@')[1], arr: 1000 },
						ideaId: idea.body.id
					}
				});
			}
			return idea.body.id as string;
		};
		const a = await make('Dark mode', ['x@one.test', 'y@two.test']);
		const b = await make('Dark theme', ['y@two.test', 'z@three.test']);
		const c = await make('Night mode', ['w@four.test']);
		const get = async (id: string) =>
			(await call('GET', `/products/${product.id}/ideas/${id}`, { as: pat })).body;
		const before = [(await get(a)).demand, (await get(b)).demand];

		const merged = await call('POST', `/products/${product.id}/ideas/${b}/merge`, {
			as: pat,
			body: { into: a }
		});
		expect(merged.status).toBe(200);
		expect(merged.body).toMatchObject({ mergedInto: a, mergedIntoTitle: 'Dark mode' });
		const target = await get(a);
		expect(target.demand).toMatchObject({ requesters: 3, companies: 3, arr: 3000, feedback: 4 });
		expect(target.mergedFrom.map((m: Json) => m.id)).toEqual([b]);
		const backlog = await call('GET', `/products/${product.id}/ideas?q=dark`, { as: pat });
		expect(backlog.body.ideas.map((i: Json) => i.id)).toEqual([a]);

		const self = await call('POST', `/products/${product.id}/ideas/${a}/merge`, {
			as: pat,
			body: { into: a }
		});
		expect(self.status).toBe(400);
		expect(self.body.error.message).toMatch(/itself/);
		const intoMerged = await call('POST', `/products/${product.id}/ideas/${c}/merge`, {
			as: pat,
			body: { into: b }
		});
		expect(intoMerged.status).toBe(400);
		const foreign = await call('POST', `/products/${other.id}/ideas`, {
			as: sam,
			body: { title: 'Theirs' }
		});
		const across = await call('POST', `/products/${product.id}/ideas/${c}/merge`, {
			as: pat,
			body: { into: foreign.body.id }
		});
		expect(across.status).toBe(404);
		expect(across.body.error.field).toBe('into');

		const unmerged = await call('POST', `/products/${product.id}/ideas/${b}/unmerge`, { as: pat });
		expect(unmerged.status).toBe(200);
		expect(unmerged.body.mergedInto).toBeNull();
		expect([(await get(a)).demand, (await get(b)).demand]).toEqual(before);
		expect(
			(await call('POST', `/products/${product.id}/ideas/${b}/unmerge`, { as: pat })).status
		).toBe(400);
	});

	it('[FB11] suggests similar ideas best first, and possible duplicate pairs', async () => {
		await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Slack integration' }
		});
		await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Slack notifications for new ideas' }
		});
		await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Slack integrations' }
		});
		const similar = await call(
			'GET',
			`/products/${product.id}/ideas/similar?q=${encodeURIComponent('slack integraton')}`,
			{ as: pat }
		);
		expect(similar.status).toBe(200);
		const titles = similar.body.ideas.map((i: Json) => i.title);
		expect(titles.slice(0, 2).sort()).toEqual(['Slack integration', 'Slack integrations']);
		const scores = similar.body.ideas.map((i: Json) => i.score);
		expect(scores).toEqual([...scores].sort((x: number, y: number) => y - x));

		// Long feedback that names a short title: the title is in the text, not the text in the title.
		for (const title of ['Dark mode', 'Offline mode for the mobile app', 'Export to PDF']) {
			await call('POST', `/products/${product.id}/ideas`, { as: pat, body: { title } });
		}
		const long =
			'Our team works late and the bright screen hurts our eyes, we would love dark mode please';
		const named = await call(
			'GET',
			`/products/${product.id}/ideas/similar?q=${encodeURIComponent(long)}`,
			{ as: pat }
		);
		expect(named.body.ideas[0]?.title).toBe('Dark mode');
		expect(named.body.ideas.map((i: Json) => i.title)).not.toContain('Export to PDF');

		const pairs = await call('GET', `/products/${product.id}/ideas/duplicates`, { as: pat });
		expect(pairs.body.pairs.map((p: Json) => [p.a.title, p.b.title].sort())).toContainEqual([
			'Slack integration',
			'Slack integrations'
		]);
	});

	it('[FB3] [FB8] imports a Jira export in the background, lists bad lines, and a re-import adds nothing', async () => {
		const started = await call('POST', `/products/${product.id}/imports?format=jira`, {
			as: pat,
			raw: fixture('jira-export.csv')
		});
		expect(started.status).toBe(202);
		const done = await waitForImport(product.id, started.body.id);
		expect(done).toMatchObject({ state: 'done', rows: 4, created: 2, updated: 0, skipped: 2 });
		expect(done.errors).toEqual([
			{ line: 5, message: 'the title is empty' },
			{ line: 6, message: 'Votes "three" is not a number' }
		]);
		const ideas = await call('GET', `/products/${product.id}/ideas?q=roadmap`, { as: pat });
		const pdf = ideas.body.ideas.find((i: Json) => i.externalId === 'ROAD-101');
		expect(pdf).toMatchObject({ externalVotes: 7, tags: ['export', 'pdf', 'exports'] });
		expect(pdf.demand.feedback).toBe(2);

		const again = await call('POST', `/products/${product.id}/imports?format=jira`, {
			as: pat,
			raw: fixture('jira-export.csv')
		});
		expect(await waitForImport(product.id, again.body.id)).toMatchObject({
			state: 'done',
			created: 0,
			updated: 0,
			skipped: 4
		});
		const [{ n }] = await server.app.db.query<{ n: number }>(
			sql`select count(*)::int as n from ideas where product_id = ${product.id} and external_id like 'ROAD-%'`
		);
		expect(n).toBe(2);

		const generic = await call('POST', `/products/${product.id}/imports?format=generic`, {
			as: pat,
			raw: fixture('generic.csv')
		});
		const result = await waitForImport(product.id, generic.body.id);
		expect(result).toMatchObject({ state: 'done', rows: 5, created: 4, skipped: 1 });
		expect(result.errors).toEqual([{ line: 6, message: '"not-an-email" is not an email address' }]);
		const linear = await call('POST', `/products/${product.id}/imports?format=linear`, {
			as: pat,
			raw: fixture('linear-export.csv')
		});
		expect(await waitForImport(product.id, linear.body.id)).toMatchObject({
			state: 'done',
			created: 2,
			skipped: 1
		});
		expect(
			(await call('POST', `/products/${product.id}/imports?format=excel`, { as: pat, raw: 'a' }))
				.status
		).toBe(400);
	});

	it('[FB8] refuses a CSV over 50 MiB with 413, and a JSON body over 1 MiB', async () => {
		const csv = await sendChunked(`/products/${product.id}/imports?format=generic`, 'text/csv', 52);
		expect(csv.status).toBe(413);
		expect(JSON.parse(csv.body).error.code).toBe('payload_too_large');
		const imports = await server.app.db.query(
			sql`select 1 from imports where product_id = ${product.id} and rows > 10`
		);
		expect(imports).toHaveLength(0);
		const big = await sendChunked(`/products/${product.id}/feedback`, 'application/json', 2);
		expect(big.status).toBe(413);
		expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
	});

	it('[FB9] starts a workshop whose board holds the ideas with their demand and a backlog reference', async () => {
		const ideas = (
			await call('GET', `/products/${product.id}/ideas?sort=demand&limit=3`, { as: pat })
		).body.ideas;
		const created = await call('POST', `/products/${product.id}/workshops`, {
			as: pat,
			body: { title: 'Q1 planning', ideaIds: ideas.map((i: Json) => i.id) }
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ title: 'Q1 planning', productId: product.id });
		const room = await server.app.rooms.acquire(
			documentName({ kind: 'board', workshopId: created.body.id })
		);
		try {
			const board = readIdeas(room.doc);
			expect(board.map((i) => i.title).sort()).toEqual(ideas.map((i: Json) => i.title).sort());
			for (const [n, boardId] of created.body.boardIdeaIds.entries()) {
				const ref = readBacklogRef(room.doc, boardId);
				expect(ref).toMatchObject({
					ideaId: ideas[n].id,
					productId: product.id,
					requesters: ideas[n].demand.requesters,
					companies: ideas[n].demand.companies,
					arr: ideas[n].demand.arr
				});
			}
			// Counts and company names only: no requester's email or name reaches the room.
			const state = new TextDecoder().decode(Y.encodeStateAsUpdate(room.doc));
			const people = await server.app.db.query<{ email: string }>(
				sql`select email from requesters where product_id = ${product.id}`
			);
			expect(people.length).toBeGreaterThan(0);
			for (const { email } of people) expect(state).not.toContain(email);
		} finally {
			await server.app.rooms.release(room);
		}
		const wrong = await call('POST', `/products/${product.id}/workshops`, {
			as: pat,
			body: { title: 'Nope', ideaIds: ['doesnotexist0000'] }
		});
		expect(wrong.status).toBe(404);
		const listed = await fetch(`${server.url}/api/v1/products/${product.id}/workshops`, {
			headers: { cookie: pat }
		});
		expect((await listed.json()).workshops.map((w: Json) => w.id)).toContain(created.body.id);
	});

	it('[FB10] copies an idea added in a product workshop room into the backlog, once', async () => {
		const workshop = await call('POST', `/products/${product.id}/workshops`, {
			as: pat,
			body: {
				title: 'Intake',
				ideaIds: [
					(
						await call('POST', `/products/${product.id}/ideas`, {
							as: pat,
							body: { title: 'Seed idea' }
						})
					).body.id
				]
			}
		});
		const room = await server.app.rooms.acquire(
			documentName({ kind: 'board', workshopId: workshop.body.id })
		);
		let boardId: string;
		try {
			boardId = addIdea(room.doc, { title: 'Idea from the room', createdBy: 'someone' });
		} finally {
			await server.app.rooms.release(room);
		}
		let found: Json[] = [];
		for (let i = 0; i < 100 && found.length === 0; i++) {
			await new Promise((r) => setTimeout(r, 100));
			found = (
				await call(
					'GET',
					`/products/${product.id}/ideas?q=${encodeURIComponent('Idea from the room')}`,
					{ as: pat }
				)
			).body.ideas;
		}
		expect(found.map((i) => i.title)).toEqual(['Idea from the room']);
		const again = await server.app.rooms.acquire(
			documentName({ kind: 'board', workshopId: workshop.body.id })
		);
		try {
			expect(readBacklogRef(again.doc, boardId)?.ideaId).toBe(found[0].id);
			addIdea(again.doc, { title: 'Second from the room', createdBy: 'someone' });
		} finally {
			await server.app.rooms.release(again);
		}
		await new Promise((r) => setTimeout(r, 1500));
		const all = await server.app.db.query<{ title: string }>(
			sql`select title from ideas where product_id = ${product.id} and title like '%from the room'`
		);
		expect(all.map((r) => r.title).sort()).toEqual(['Idea from the room', 'Second from the room']);
	});

	it('[FB7] keeps the portal 404 until it is on; then takes feedback and one vote per email, shows no people, and rate-limits', async () => {
		const off = await call('POST', `/portal/${product.slug}/feedback`, {
			body: { text: 'hi', email: 'a@b.test' }
		});
		expect(off.status).toBe(404);
		expect((await call('GET', `/portal/${product.slug}`)).status).toBe(404);
		const on = await call('PATCH', `/products/${product.id}`, {
			as: pat,
			body: { portalEnabled: true }
		});
		expect(on.body.portalEnabled).toBe(true);
		const idea = await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Public roadmap page', public: true }
		});
		await call('POST', `/products/${product.id}/feedback`, {
			as: pat,
			body: { text: 'want it', requester: { email: 'secret@acme.test' }, ideaId: idea.body.id }
		});

		const sent = await call('POST', `/portal/${product.slug}/feedback`, {
			body: {
				text: 'A public roadmap page please',
				email: 'visitor@web.test',
				name: 'Vi',
				company: 'Web Inc'
			}
		});
		expect(sent.status).toBe(201);
		expect(sent.body.similar[0].title).toBe('Public roadmap page');
		const stored = await call('GET', `/products/${product.id}/feedback/${sent.body.id}`, {
			as: pat
		});
		expect(stored.body).toMatchObject({
			source: 'portal',
			requester: { email: 'visitor@web.test' },
			company: { name: 'Web Inc' }
		});

		const bot = await call('POST', `/portal/${product.slug}/feedback`, {
			body: { text: 'buy pills', email: 'bot@spam.test', website: 'http://spam.test' }
		});
		expect(bot.status).toBe(201);
		expect(
			(await server.app.db.query(sql`select 1 from feedback where text = 'buy pills'`)).length
		).toBe(0);

		const first = await call('POST', `/portal/${product.slug}/ideas/${idea.body.id}/votes`, {
			body: { email: 'voter@web.test' }
		});
		expect(first.status).toBe(201);
		expect(first.body.requesters).toBe(2);
		const second = await call('POST', `/portal/${product.slug}/ideas/${idea.body.id}/votes`, {
			body: { email: 'VOTER@web.test' }
		});
		expect(second.status).toBe(200);
		expect(second.body.requesters).toBe(2);
		const privateIdea = (await call('GET', `/products/${product.id}/ideas?q=saml`, { as: pat }))
			.body.ideas[0];
		expect(
			(
				await call('POST', `/portal/${product.slug}/ideas/${privateIdea.id}/votes`, {
					body: { email: 'v@w.test' }
				})
			).status
		).toBe(404);

		const view = await call('GET', `/portal/${product.slug}`);
		expect(view.body.ideas).toEqual([
			{
				id: idea.body.id,
				title: 'Public roadmap page',
				description: '',
				status: 'open',
				requesters: 2
			}
		]);
		expect(JSON.stringify(view.body)).not.toMatch(/@|Acme|arr/i);

		let limited = 0;
		for (let i = 0; i < 12; i++) {
			const r = await call('POST', `/portal/${product.slug}/feedback`, {
				body: { text: `spam ${i}`, email: 'flood@web.test' }
			});
			if (r.status === 429) limited++;
		}
		expect(limited).toBeGreaterThan(0);
		expect(
			(
				await call('POST', `/portal/${product.slug}/feedback`, {
					body: { text: 'x', email: 'nope' }
				})
			).status
		).toBe(400);
	});

	it('[FB6] erases a requester: personal data gone, text kept anonymised, demand recounted', async () => {
		const idea = await call('POST', `/products/${product.id}/ideas`, {
			as: pat,
			body: { title: 'Offline mode' }
		});
		const mine = await call('POST', `/products/${product.id}/feedback`, {
			as: pat,
			body: {
				text: 'Jo Bloggs here (jo@erase.test): offline please',
				requester: { email: 'jo@erase.test', name: 'Jo Bloggs' },
				company: { name: 'Erasable Ltd', arr: 700 },
				ideaId: idea.body.id
			}
		});
		await call('POST', `/products/${product.id}/feedback`, {
			as: pat,
			body: { text: 'me too', requester: { email: 'kay@keep.test' }, ideaId: idea.body.id }
		});
		const before = await call('GET', `/products/${product.id}/ideas/${idea.body.id}`, { as: pat });
		expect(before.body.demand.requesters).toBe(2);
		expect(
			(
				await call('DELETE', `/products/${product.id}/requesters/${mine.body.requester.id}`, {
					as: mo
				})
			).status
		).toBe(403);
		const erased = await call(
			'DELETE',
			`/products/${product.id}/requesters/${mine.body.requester.id}`,
			{ as: pat }
		);
		expect(erased.status).toBe(200);
		expect(erased.body.feedback).toBe(1);
		const item = await call('GET', `/products/${product.id}/feedback/${mine.body.id}`, { as: pat });
		expect(item.body.text).toBe('[erased] here ([erased]): offline please');
		expect(item.body.requester).toBeNull();
		const after = await call('GET', `/products/${product.id}/ideas/${idea.body.id}`, { as: pat });
		expect(after.body.demand.requesters).toBe(1);
		const left = await server.app.db.query(
			sql`select 1 from requesters where lower(email) = 'jo@erase.test'`
		);
		expect(left).toHaveLength(0);
	});

	it('edits a company in one place and every idea it asks for is recounted', async () => {
		const companies = await fetch(
			`${server.url}/api/v1/products/${product.id}/companies?q=initech`,
			{ headers: { cookie: pat } }
		);
		const [initech] = (await companies.json()).companies;
		const changed = await call('PATCH', `/products/${product.id}/companies/${initech.id}`, {
			as: pat,
			body: { arr: 9000, segment: 'mid-market' }
		});
		expect(changed.body).toMatchObject({ arr: 9000, segment: 'mid-market' });
		const ideas = (
			await call('GET', `/products/${product.id}/ideas?company=${initech.id}`, { as: pat })
		).body.ideas;
		expect(ideas.length).toBeGreaterThan(0);
		for (const idea of ideas) expect(idea.demand.bySegment['mid-market']).toBeDefined();
	});

	it('[DL1] [DL5] the delivery routes answer as the OpenAPI document says', async () => {
		const idea = (
			await call('POST', `/products/${product.id}/ideas`, { as: pat, body: { title: 'Docs' } })
		).body;
		const base = `/products/${product.id}/ideas/${idea.id}`;
		expect(
			(await call('GET', `${base}/email-preview?status=shipped&note=Out`, { as: pat })).status
		).toBe(200);
		expect(
			(await call('POST', `${base}/test-email`, { as: pat, body: { status: 'planned' } })).status
		).toBe(202);
		expect(
			(await call('POST', `${base}/status`, { as: pat, body: { status: 'planned' } })).status
		).toBe(200);
		expect(
			(await call('POST', `${base}/status`, { as: pat, body: { status: 'declined' } })).status
		).toBe(400);
		expect((await call('GET', `${base}/status-history`, { as: pat })).body.changes).toHaveLength(1);
		const notifications = `/products/${product.id}/notifications`;
		expect((await call('GET', notifications, { as: pat })).status).toBe(200);
		const body = { notifyStatuses: ['shipped'] };
		expect((await call('PATCH', notifications, { as: pat, body })).status).toBe(200);
		expect((await call('PATCH', notifications, { as: mo, body })).status).toBe(403);
		const hooks = `/products/${product.id}/webhooks`;
		const hook = await call('POST', hooks, {
			as: pat,
			body: { url: 'https://203.0.113.10/hook', eventTypes: ['idea.status_changed'] }
		});
		expect(hook.status).toBe(201);
		expect(hook.body.secret).toMatch(/^whsec_/);
		expect((await call('GET', hooks, { as: pat })).body.webhooks[0]).not.toHaveProperty('secret');
		const wid = hook.body.id;
		expect(
			(await call('PATCH', `${hooks}/${wid}`, { as: pat, body: { enabled: true } })).status
		).toBe(200);
		const test = await call('POST', `${hooks}/${wid}/test`, { as: pat });
		expect(test.status).toBe(202);
		const { deliveries } = (await call('GET', `${hooks}/${wid}/deliveries`, { as: pat })).body;
		expect(deliveries.length).toBeGreaterThan(0);
		const again = await call('POST', `${hooks}/${wid}/deliveries/${deliveries[0].id}/redeliver`, {
			as: pat
		});
		expect(again.status).toBe(202);
		expect((await call('DELETE', `${hooks}/${wid}`, { as: pat })).status).toBe(204);
	});
});

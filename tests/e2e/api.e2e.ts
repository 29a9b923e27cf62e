import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { expect, test, uniqueEmail } from './fixtures.ts';

/** A client of the JSON API with its own cookie jar, like a separate integration. */
async function client(): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL: process.env.CONVERGE_URL });
}

async function signedUp(api: APIRequestContext, name = 'Pat') {
	const email = uniqueEmail('api');
	const res = await api.post('/api/v1/auth/signup', {
		data: { email, password: 'correct horse', name }
	});
	expect(res.status()).toBe(201);
	return { email, user: (await res.json()).user };
}

test.describe('auth API', () => {
	test('signup answers 201 with an HttpOnly, SameSite=Lax session cookie', async () => {
		const api = await client();
		const email = uniqueEmail('api');
		const res = await api.post('/api/v1/auth/signup', {
			data: { email, password: 'correct horse', name: 'Pat' }
		});
		expect(res.status()).toBe(201);
		expect((await res.json()).user).toMatchObject({ email, name: 'Pat' });
		const cookie = res.headers()['set-cookie'];
		expect(cookie).toMatch(/converge_session=[a-z2-7]{32}\.[a-z2-7]{32}/);
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/);
		expect((await api.get('/api/v1/me')).status()).toBe(200);
	});

	test('a missing field or malformed JSON is a 400 naming the problem', async () => {
		const api = await client();
		const missing = await api.post('/api/v1/auth/signup', {
			data: { email: uniqueEmail(), name: 'X' }
		});
		expect(missing.status()).toBe(400);
		expect(await missing.json()).toEqual({
			error: { code: 'bad_request', message: 'Password is required', field: 'password' }
		});
		const malformed = await api.post('/api/v1/auth/signup', {
			headers: { 'content-type': 'application/json' },
			data: Buffer.from('{"email": ')
		});
		expect(malformed.status()).toBe(400);
		expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
	});

	test('a second signup with the same email is a 409', async () => {
		const api = await client();
		const { email } = await signedUp(api);
		const again = await (
			await client()
		).post('/api/v1/auth/signup', {
			data: { email, password: 'another one', name: 'Twin' }
		});
		expect(again.status()).toBe(409);
	});

	test('login gives the same answer for an unknown email and a wrong password', async () => {
		const api = await client();
		const { email } = await signedUp(api);
		const wrong = await (
			await client()
		).post('/api/v1/auth/login', {
			data: { email, password: 'wrong password' }
		});
		const unknown = await (
			await client()
		).post('/api/v1/auth/login', {
			data: { email: uniqueEmail('nobody'), password: 'wrong password' }
		});
		expect(wrong.status()).toBe(401);
		expect(unknown.status()).toBe(401);
		expect(await wrong.json()).toEqual(await unknown.json());
		const right = await (
			await client()
		).post('/api/v1/auth/login', {
			data: { email, password: 'correct horse' }
		});
		expect(right.status()).toBe(200);
	});

	test('[U2] repeated wrong passwords from one address are throttled with 429 and Retry-After', async () => {
		const api = await client();
		const { email } = await signedUp(api);
		const answers: { status: number; retryAfter?: string }[] = [];
		for (let i = 0; i < 6; i++) {
			const res = await api.post('/api/v1/auth/login', { data: { email, password: `guess ${i}` } });
			answers.push({ status: res.status(), retryAfter: res.headers()['retry-after'] });
		}
		// Three failures are free; after the fourth the address waits 1 s, then 2 s, 4 s …
		expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429]);
		expect(Number(answers[4].retryAfter)).toBeGreaterThan(0);
	});

	test('logout ends the session', async () => {
		const api = await client();
		await signedUp(api);
		expect((await api.post('/api/v1/auth/logout')).status()).toBe(204);
		expect((await api.get('/api/v1/me')).status()).toBe(401);
	});
});

test.describe('workshops and invites API', () => {
	test('create, read, invite and join as a guest', async () => {
		const owner = await client();
		await signedUp(owner, 'Olivia');
		const created = await owner.post('/api/v1/workshops', { data: { title: 'Q3 bets' } });
		expect(created.status()).toBe(201);
		const workshop = await created.json();
		expect(workshop).toMatchObject({ title: 'Q3 bets', description: '', role: 'facilitator' });

		const invite = await owner.post(`/api/v1/workshops/${workshop.id}/invites`, {
			data: { role: 'participant' }
		});
		expect(invite.status()).toBe(201);
		const { token, url } = await invite.json();
		expect(url).toBe(`${process.env.CONVERGE_URL}/join/${token}`);

		const guest = await client();
		const joined = await guest.post(`/api/v1/invites/${token}/join`, {
			data: { name: 'Gus', function: 'Sales' }
		});
		expect(joined.status()).toBe(200);
		expect(await joined.json()).toEqual({ workshopId: workshop.id, role: 'participant' });
		const seen = await guest.get(`/api/v1/workshops/${workshop.id}`);
		expect(seen.status()).toBe(200);
		const members = (await seen.json()).members;
		expect(members.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
			['Olivia', 'facilitator'],
			['Gus', 'participant']
		]);

		// A participant cannot invite.
		const denied = await guest.post(`/api/v1/workshops/${workshop.id}/invites`, {
			data: { role: 'viewer' }
		});
		expect(denied.status()).toBe(403);
	});

	test('errors: signed out 401, not a member 403, unknown 404, bad role and bad token', async () => {
		const anonymous = await client();
		expect((await anonymous.post('/api/v1/workshops', { data: { title: 'x' } })).status()).toBe(
			401
		);

		const owner = await client();
		await signedUp(owner);
		const workshop = await (
			await owner.post('/api/v1/workshops', { data: { title: 'Mine' } })
		).json();
		const stranger = await client();
		await signedUp(stranger);
		expect((await stranger.get(`/api/v1/workshops/${workshop.id}`)).status()).toBe(403);
		expect((await owner.get('/api/v1/workshops/aaaaaaaaaaaaaaaa')).status()).toBe(404);

		const badRole = await owner.post(`/api/v1/workshops/${workshop.id}/invites`, {
			data: { role: 'admin' }
		});
		expect(badRole.status()).toBe(400);
		expect((await badRole.json()).error.field).toBe('role');

		const badToken = await anonymous.post('/api/v1/invites/nosuchtoken/join', {
			data: { name: 'Z', function: 'Sales' }
		});
		expect(badToken.status()).toBe(404);

		const invite = await (
			await owner.post(`/api/v1/workshops/${workshop.id}/invites`, { data: { role: 'viewer' } })
		).json();
		const noName = await anonymous.post(`/api/v1/invites/${invite.token}/join`, {
			data: { function: 'Sales' }
		});
		expect(noName.status()).toBe(400);
		expect((await noName.json()).error.field).toBe('name');
		const badFunction = await anonymous.post(`/api/v1/invites/${invite.token}/join`, {
			data: { name: 'Zed', function: 'Astrology' }
		});
		expect((await badFunction.json()).error.field).toBe('function');
	});
});

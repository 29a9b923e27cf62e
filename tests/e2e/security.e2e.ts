import {
	request as playwrightRequest,
	type APIRequestContext,
	type APIResponse,
	type Page
} from '@playwright/test';
import { startServerProcess } from '../helpers/server-process.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';
import { createWorkshop, expectLive, signUp } from './steps.ts';

const EVIL = 'http://evil.example';

/** A signed-up API client with a workshop, an invite and a read-only link. */
async function signedInWorkshop(baseURL = process.env.CONVERGE_URL!) {
	const api = await playwrightRequest.newContext({ baseURL });
	const signup = await api.post('/api/v1/auth/signup', {
		data: { email: uniqueEmail('sec'), password: 'correct horse', name: 'Sam' }
	});
	expect(signup.status()).toBe(201);
	const workshop = await (await api.post('/api/v1/workshops', { data: { title: 'Safe' } })).json();
	const invite = await (
		await api.post(`/api/v1/workshops/${workshop.id}/invites`, { data: { role: 'participant' } })
	).json();
	const share = await (
		await api.post(`/api/v1/workshops/${workshop.id}/share-links`, { data: { label: 'Board' } })
	).json();
	return { api, workshop, invite, share };
}

/** Every kind of response the site gives, by name, as paths. */
async function everyKind(
	api: APIRequestContext,
	setup: Awaited<ReturnType<typeof signedInWorkshop>>
) {
	const home = await (await api.get('/')).text();
	const asset = /\/_app\/immutable\/[^"']+\.js/.exec(home)?.[0];
	expect(asset).toBeTruthy();
	return {
		home: '/',
		login: '/login',
		signup: '/signup',
		join: `/join/${setup.invite.token}`,
		room: `/w/${setup.workshop.id}`,
		decision: `/w/${setup.workshop.id}/decision`,
		executive: new URL(setup.share.url).pathname,
		api: '/api/v1/me',
		missing: '/no/such/page',
		favicon: '/favicon.svg',
		asset: asset!
	};
}

function expectCommonHeaders(response: APIResponse, what: string) {
	const headers = response.headers();
	expect(headers['x-content-type-options'], what).toBe('nosniff');
	expect(headers['referrer-policy'], what).toBe('same-origin');
	expect(headers['x-frame-options'], what).toBe('DENY');
	expect(headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
}

/** CSP reports, and what Chromium logs when it refuses something under the policy. */
function cspViolations(page: Page): string[] {
	const seen: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
	});
	page.on('pageerror', (error) => {
		if (/Content Security Policy/i.test(error.message)) seen.push(error.message);
	});
	return seen;
}

test.describe('[W1] [W2] security headers', () => {
	test('[W1] every response kind carries nosniff, a same-origin referrer policy and refuses framing; [W2] pages carry a CSP without inline scripts', async () => {
		const setup = await signedInWorkshop();
		const kinds = await everyKind(setup.api, setup);
		for (const [kind, path] of Object.entries(kinds)) {
			const response = await setup.api.get(path, { maxRedirects: 0 });
			expect(response.status(), kind).toBeLessThan(kind === 'missing' ? 500 : 400);
			expectCommonHeaders(response, kind);
			// Plain http: a browser would ignore HSTS, and a test server must stay reachable.
			expect(response.headers()['strict-transport-security'], kind).toBeUndefined();
			if (response.headers()['content-type']?.startsWith('text/html')) {
				const csp = response.headers()['content-security-policy'];
				const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
				expect(scripts, kind).toContain("'self'");
				expect(scripts, kind).not.toContain('unsafe-inline');
				expect(csp, kind).toMatch(/connect-src 'self'/);
				expect(csp, kind).toMatch(/object-src 'none'/);
			}
		}
		expect((await setup.api.get(kinds.missing)).status()).toBe(404);
		// A cookie-less request gets them as well (the hooks run for signed-in requests too).
		const anonymous = await playwrightRequest.newContext({ baseURL: process.env.CONVERGE_URL });
		expectCommonHeaders(await anonymous.get('/login'), 'anonymous login');
	});

	test('[W2] the room, the pages around it and the live executive page work under the CSP without a violation', async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ baseURL });
		const page = await context.newPage();
		const violations = cspViolations(page);
		await signUp(page, { name: 'Casey', function: 'Product' });
		// The room's WebSocket is allowed by connect-src 'self'.
		const id = await createWorkshop(page, 'Under policy');
		await page.getByPlaceholder('Label, e.g. Leadership team').fill('Leadership team');
		await page.getByRole('button', { name: 'Create link' }).click();
		const shareUrl = await page.getByTestId('share-link').inputValue();
		await page.goto(`/w/${id}/decision`);
		await page.goto(`/w/${id}`);
		await expectLive(page);

		const executive = await context.newPage();
		const executiveViolations = cspViolations(executive);
		await executive.goto(shareUrl);
		// "Live" is set by the executive page's inline script, allowed by its hash.
		await expect(executive.locator('#live-status')).toHaveText('Live');

		const signedOut = await browser.newPage({ baseURL });
		const loginViolations = cspViolations(signedOut);
		await signedOut.goto('/login');
		await expect(signedOut.getByRole('button', { name: /sign in/i })).toBeVisible();
		await signedOut.goto('/no/such/page');
		await expect(signedOut.getByRole('heading', { name: 'Not found' })).toBeVisible();
		expect([...violations, ...executiveViolations, ...loginViolations]).toEqual([]);
		await context.close();
	});

	test('[W1] behind https the responses carry HSTS, and only EMBED_ORIGINS may frame the executive page', async () => {
		const server = await startServerProcess({
			PROTOCOL_HEADER: 'x-forwarded-proto',
			EMBED_ORIGINS: 'https://wiki.example.com https://intranet.example.com'
		});
		try {
			const setup = await signedInWorkshop(server.url);
			const https = { 'x-forwarded-proto': 'https' };
			const executive = new URL(setup.share.url).pathname;
			const framed = await setup.api.get(executive, { headers: https });
			expect(framed.headers()['strict-transport-security']).toBe('max-age=31536000');
			expect(framed.headers()['x-frame-options']).toBeUndefined();
			expect(framed.headers()['content-security-policy']).toContain(
				'frame-ancestors https://wiki.example.com https://intranet.example.com'
			);
			for (const path of ['/', `/w/${setup.workshop.id}`, '/favicon.svg', '/api/v1/me']) {
				const response = await setup.api.get(path, { headers: https });
				expect(response.headers()['strict-transport-security'], path).toBe('max-age=31536000');
				expectCommonHeaders(response, path);
			}
			const plain = await setup.api.get('/', { headers: { 'x-forwarded-proto': 'http' } });
			expect(plain.headers()['strict-transport-security']).toBeUndefined();
		} finally {
			await server.stop();
		}
	});
});

test.describe('[W3] cross-site writes', () => {
	test('[W3] a cookie-authenticated write from another origin is refused with 403 whatever its content type; same-origin and Origin-less clients pass', async () => {
		const { api, workshop, share } = await signedInWorkshop();
		const base = process.env.CONVERGE_URL!;
		const before = (await (await api.get('/api/v1/workshops')).json()).workshops.length;
		for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
			const refused = await api.post('/api/v1/workshops', {
				headers: { origin: EVIL, 'content-type': type, accept: 'application/json' },
				data: JSON.stringify({ title: 'Planted' })
			});
			expect(refused.status(), type).toBe(403);
		}
		const json = await api.post('/api/v1/workshops', {
			headers: { origin: EVIL },
			data: { title: 'Planted' }
		});
		expect(await json.json()).toEqual({
			error: { code: 'forbidden', message: 'cross-site requests are refused' }
		});
		const deleted = await api.delete(`/api/v1/workshops/${workshop.id}/share-links/${share.id}`, {
			headers: { origin: EVIL }
		});
		expect(deleted.status()).toBe(403);
		const logout = await api.post('/api/v1/auth/logout', { headers: { origin: 'null' } });
		expect(logout.status()).toBe(403);
		expect((await (await api.get('/api/v1/workshops')).json()).workshops.length).toBe(before);
		// The share link still works: the refused DELETE changed nothing.
		expect((await api.get(new URL(share.url).pathname)).status()).toBe(200);

		const sameOrigin = await api.post('/api/v1/workshops', {
			headers: { origin: base },
			data: { title: 'Mine' }
		});
		expect(sameOrigin.status()).toBe(201);
		const noOrigin = await api.post('/api/v1/workshops', { data: { title: 'Scripted' } });
		expect(noOrigin.status()).toBe(201);
		// No cookie and no Origin (an integration signing up): unaffected.
		const fresh = await playwrightRequest.newContext({ baseURL: base });
		const signup = await fresh.post('/api/v1/auth/signup', {
			data: { email: uniqueEmail('sec'), password: 'correct horse', name: 'Ira' }
		});
		expect(signup.status()).toBe(201);
	});
});

test.describe('[W4] limits and gone links', () => {
	test('[W4] a JSON body over the size limit is a 413, not a 400', async () => {
		const { api } = await signedInWorkshop();
		const response = await api.post('/api/v1/workshops', {
			headers: { 'content-type': 'application/json' },
			data: JSON.stringify({ title: 'Big', description: 'x'.repeat(600_000) })
		});
		expect(response.status()).toBe(413);
		expect((await response.json()).error.code).toBe('payload_too_large');
	});

	test('[W4] an unknown executive link answers 404 and a revoked one 410, each with a page that says so', async ({
		page
	}) => {
		const { api, workshop, share } = await signedInWorkshop();
		const unknown = await page.goto('/x/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
		expect(unknown?.status()).toBe(404);
		await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();

		const revoke = await api.delete(`/api/v1/workshops/${workshop.id}/share-links/${share.id}`);
		expect(revoke.status()).toBe(204);
		const revoked = await page.goto(share.url);
		expect(revoked?.status()).toBe(410);
		await expect(page.getByRole('heading', { name: 'This link was revoked' })).toBeVisible();
		await expect(page.getByText('The facilitator turned this link off')).toBeVisible();
	});
});

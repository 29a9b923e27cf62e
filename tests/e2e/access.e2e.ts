import { request as playwrightRequest } from '@playwright/test';
import { startServerProcess } from '../helpers/server-process.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';
import { createWorkshop, inviteLink, joinAsGuest, signUp } from './steps.ts';

const ADA = { name: 'Ada Facilitator', function: 'Product' };
const GUS = { name: 'Gus Guest', function: 'Sales' };

test('[U1] signing in with next=/%09/evil.example lands on the app, and a newline in next is no 500', async ({
	page,
	baseURL
}) => {
	const email = uniqueEmail('redirect');
	const password = 'correct horse battery';
	const api = page.request;
	expect(
		(await api.post('/api/v1/auth/signup', { data: { email, password, name: 'Rae' } })).status()
	).toBe(201);
	expect((await api.post('/api/v1/auth/logout')).status()).toBe(204);

	await page.goto('/login?next=/%09/evil.example');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Your workshops' })).toBeVisible();
	expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);

	// Signed in now: the login page sends on at once, and must not fail on what `next` holds.
	for (const next of ['/%0a/evil.example', '/%0d%0aSet-Cookie:x=1', '/%5c/evil.example']) {
		const response = await api.get(`/login?next=${next}`, { maxRedirects: 0 });
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe('/');
	}
});

test('[M1] [M2] a removed guest is refused by their old link until let back in, and a revoked link admits nobody', async ({
	browser,
	baseURL
}) => {
	const hostContext = await browser.newContext({ baseURL });
	const guestContext = await browser.newContext({ baseURL });
	const strangerContext = await browser.newContext({ baseURL });
	const ada = await hostContext.newPage();
	await signUp(ada, ADA);
	await createWorkshop(ada, 'Access workshop');

	// Links can be given an expiry; the panel lists the links that work now.
	await ada.getByLabel('New links work').selectOption({ label: 'For 1 day' });
	const link = await inviteLink(ada);
	const listed = ada.getByTestId('invite-item');
	await expect(listed).toHaveCount(1);
	await expect(listed).toContainText('Participant link');
	await expect(listed).toContainText('works until');

	const gus = await guestContext.newPage();
	await joinAsGuest(gus, link, GUS);

	// Removed: the old link no longer brings Gus back.
	await ada.getByRole('button', { name: `Remove ${GUS.name}` }).click();
	await ada.getByRole('button', { name: 'Remove', exact: true }).click();
	await gus.goto(link);
	await expect(gus.getByTestId('join-removed')).toContainText(
		'You were removed from this workshop'
	);
	await expect(gus.getByRole('button', { name: /Join/ })).toHaveCount(0);

	// Let back in: the same link works again.
	await ada.getByRole('button', { name: `Let ${GUS.name} back in` }).click();
	await expect(ada.getByTestId('removed-people')).toHaveCount(0);
	await gus.reload();
	await gus.getByRole('button', { name: `Join as ${GUS.name}` }).click();
	await expect(gus).toHaveURL(/\/w\/[a-z2-7]{16}$/);

	// Revoked: nobody new joins through it, and the page says why.
	await ada.getByRole('button', { name: /^Revoke the participant link/ }).click();
	await expect(listed).toHaveCount(0);
	const stranger = await strangerContext.newPage();
	const response = await stranger.goto(link);
	expect(response?.status()).toBe(410);
	await expect(
		stranger.getByRole('heading', { name: 'This invite link does not work' })
	).toBeVisible();
	await expect(stranger.getByText('The facilitator revoked this invite link')).toBeVisible();

	await Promise.all([hostContext, guestContext, strangerContext].map((c) => c.close()));
});

test('[U3] past the guest-join limit the API answers 429 with Retry-After and the join page says when to try again', async ({
	browser
}) => {
	// A server of its own: the limit is per address, and every test here joins from 127.0.0.1.
	const server = await startServerProcess();
	try {
		const owner = await playwrightRequest.newContext({ baseURL: server.url });
		const signup = await owner.post('/api/v1/auth/signup', {
			data: { email: uniqueEmail('limit'), password: 'correct horse', name: 'Olivia' }
		});
		expect(signup.status()).toBe(201);
		const workshop = await (
			await owner.post('/api/v1/workshops', { data: { title: 'Leaked link' } })
		).json();
		const invite = await (
			await owner.post(`/api/v1/workshops/${workshop.id}/invites`, {
				data: { role: 'participant' }
			})
		).json();

		const answers: { status: number; retryAfter: string | undefined; body: unknown }[] = [];
		for (let i = 0; i < 61; i++) {
			const guest = await playwrightRequest.newContext({ baseURL: server.url });
			const response = await guest.post(`/api/v1/invites/${invite.token}/join`, {
				data: { name: `Bot ${i}`, function: 'Other' }
			});
			answers.push({
				status: response.status(),
				retryAfter: response.headers()['retry-after'],
				body: await response.json()
			});
			await guest.dispose();
		}
		expect(answers.slice(0, 60).every((a) => a.status === 200)).toBe(true);
		const refused = answers[60];
		expect(refused.status).toBe(429);
		expect(Number(refused.retryAfter)).toBeGreaterThan(0);
		expect(refused.body).toMatchObject({
			error: {
				code: 'too_many_requests',
				message: expect.stringMatching(
					/Too many people joined through this link.*try again in \d+ s/
				)
			}
		});

		const context = await browser.newContext({ baseURL: server.url });
		const page = await context.newPage();
		await page.goto(invite.url);
		await page.getByLabel('Your name').fill(GUS.name);
		await page.getByLabel('Your function').selectOption(GUS.function);
		await page.getByRole('button', { name: 'Join workshop' }).click();
		await expect(page.getByRole('alert')).toContainText(
			/Too many people joined through this link just now; try again in \d+ s/
		);
		await context.close();
		await owner.dispose();
	} finally {
		await server.stop();
	}
});

import { request as playwrightRequest } from '@playwright/test';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { connectClient, whenSynced } from '../helpers/clients.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';
import { createWorkshop, expectLive, signUp } from './steps.ts';

/** A facilitator with a workshop of two RICE-scored ideas and a read-only link, set up through the API and the sync server. */
async function scoredWorkshop() {
	const base = process.env.CONVERGE_URL!;
	const api = await playwrightRequest.newContext({ baseURL: base });
	const signup = await api.post('/api/v1/auth/signup', {
		data: { email: uniqueEmail('exec'), password: 'correct horse', name: 'Fran' }
	});
	const user = (await signup.json()).user;
	const cookie = (await api.storageState()).cookies.find((c) => c.name === 'converge_session')!;
	const header = `${cookie.name}=${cookie.value}`;
	const workshop = await (
		await api.post('/api/v1/workshops', {
			data: { title: 'Q4 bets', description: 'What we build next' }
		})
	).json();
	const share = await (
		await api.post(`/api/v1/workshops/${workshop.id}/share-links`, { data: { label: 'Board' } })
	).json();

	const sync = `${base.replace('http', 'ws')}/sync`;
	const board = connectClient(sync, workshop.id, header);
	const control = connectClient(sync, `${workshop.id}/control`, header);
	const ballot = connectClient(sync, `${workshop.id}/ballot/${user.id}`, header);
	await Promise.all([board, control, ballot].map((c) => whenSynced(c.provider)));
	control.doc.transact(() => {
		control.doc.getMap('settings').set('frameworks', ['rice']);
		// Scored while ideas are still collected ([RM8]).
		control.doc.getMap('settings').set('earlyScoring', true);
	});
	const sso = addIdea(board.doc, { title: 'Single sign-on', createdBy: user.id });
	const dark = addIdea(board.doc, { title: 'Dark mode', createdBy: user.id });
	setEntry(ballot.doc, 'rice', sso, { reach: 100, impact: 2, confidence: 100, effort: 2 });
	setEntry(ballot.doc, 'rice', dark, { reach: 100, impact: 1, confidence: 100, effort: 2 });
	return {
		api,
		workshop,
		share,
		ideas: { sso, dark },
		ballot,
		close: () => [board, control, ballot].forEach((c) => c.provider.destroy())
	};
}

test('the executive link shows the ranking without JavaScript, updates live, and stops when revoked', async ({
	browser
}) => {
	const setup = await scoredWorkshop();
	try {
		const noScript = await browser.newContext({ javaScriptEnabled: false });
		const page = await noScript.newPage();
		await expect(async () => {
			await page.goto(setup.share.url);
			await expect(page.locator('table.ranking tbody tr').first()).toContainText('Single sign-on', {
				timeout: 500
			});
		}).toPass();
		await expect(page.getByRole('heading', { name: 'Q4 bets' })).toBeVisible();
		await expect(page.getByText('Decision summary')).toBeVisible();
		const rows = page.locator('table.ranking tbody tr');
		await expect(rows.nth(1)).toContainText('Dark mode');
		await noScript.close();

		const live = await browser.newPage();
		await live.goto(setup.share.url);
		await expect(live.locator('#live-status')).toHaveText('Live');
		// The facilitator changes a score: Dark mode now beats single sign-on.
		setEntry(setup.ballot.doc, 'rice', setup.ideas.dark, {
			reach: 1000,
			impact: 3,
			confidence: 100,
			effort: 1
		});
		await expect(live.locator('table.ranking tbody tr').first()).toContainText('Dark mode');

		const revoked = await setup.api.delete(
			`/api/v1/workshops/${setup.workshop.id}/share-links/${setup.share.id}`
		);
		expect(revoked.status()).toBe(204);
		await expect(live.getByRole('heading', { name: 'This link was revoked' })).toBeVisible();
		const again = await browser.newPage();
		await again.goto(setup.share.url);
		await expect(again.getByRole('heading', { name: 'This link was revoked' })).toBeVisible();
	} finally {
		setup.close();
	}
});

test('the executive page ships no framework JavaScript', async ({ page }) => {
	const setup = await scoredWorkshop();
	try {
		const scripts: string[] = [];
		page.on('request', (r) => {
			if (r.resourceType() === 'script') scripts.push(r.url());
		});
		await page.goto(setup.share.url);
		await expect(page.getByRole('heading', { name: 'Q4 bets' })).toBeVisible();
		expect(scripts).toEqual([]);
	} finally {
		setup.close();
	}
});

test('a facilitator creates an executive link in the room, and revoking it there ends it', async ({
	browser,
	baseURL
}) => {
	const facilitator = await browser.newPage({ baseURL });
	await signUp(facilitator, { name: 'Fran', function: 'Product' });
	await createWorkshop(facilitator, 'Board review');
	await expectLive(facilitator);
	await facilitator.getByPlaceholder('Label, e.g. Leadership team').fill('Leadership team');
	await facilitator.getByRole('button', { name: 'Create link' }).click();
	const url = await facilitator.getByTestId('share-link').inputValue();

	const executive = await browser.newPage();
	await executive.goto(url);
	await expect(executive.getByRole('heading', { name: 'Board review' })).toBeVisible();

	await facilitator.getByRole('button', { name: 'Revoke' }).click();
	await expect(executive.getByRole('heading', { name: 'This link was revoked' })).toBeVisible();
});

test('[RM11] without JavaScript the executive page claims no live updates and shows one roadmap; garbage and revoked links answer 404 and 410', async ({
	browser
}) => {
	const setup = await scoredWorkshop();
	try {
		const noScript = await browser.newContext({ javaScriptEnabled: false });
		const page = await noScript.newPage();
		await page.goto(setup.share.url);
		await expect(page.getByRole('heading', { name: 'Q4 bets' })).toBeVisible();
		await expect(page.getByRole('heading', { name: /^Now\b/ })).toHaveCount(1);
		await expect(page.getByText('Updates live')).toHaveCount(0);
		await expect(page.locator('#live-status')).toBeHidden();

		// Once decided, the roadmap as decided replaces the live one rather than joining it.
		const decided = await setup.api.post(`/api/v1/workshops/${setup.workshop.id}/decisions`, {
			data: { rationale: 'SSO unblocks the enterprise deals' }
		});
		expect(decided.status()).toBe(201);
		await page.goto(setup.share.url);
		await expect(page.getByRole('heading', { name: 'The roadmap as decided' })).toBeVisible();
		await expect(page.getByRole('heading', { name: /^Now\b/ })).toHaveCount(1);
		await noScript.close();

		const token = new URL(setup.share.url).pathname.split('/').pop()!;
		const garbage = await setup.api.get(`/x/${token.slice(0, -4)}zzzz`);
		expect(garbage.status()).toBe(404);
		expect(
			(
				await setup.api.delete(
					`/api/v1/workshops/${setup.workshop.id}/share-links/${setup.share.id}`
				)
			).status()
		).toBe(204);
		const revoked = await setup.api.get(new URL(setup.share.url).pathname);
		expect(revoked.status()).toBe(410);
		expect(await revoked.text()).toContain('This link was revoked');
	} finally {
		setup.close();
	}
});

import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { signUp } from './steps.ts';

/**
 * The feedback board as its two kinds of users meet it: a customer on the portal (without
 * JavaScript, with it, on a phone) and a PM triaging, merging and taking ideas into a workshop.
 */

interface Product {
	id: string;
	slug: string;
}

async function post(api: APIRequestContext, path: string, data: unknown) {
	const res = await api.post(`/api/v1/${path}`, { data });
	expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
	return res.json();
}

/** A signed-up PM and a product made through the dashboard form. */
async function pmWithProduct(page: Page, name: string): Promise<Product> {
	await signUp(page, { name: 'Pat Manager', function: 'Product' });
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Create product' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const slug = new URL(page.url()).pathname.split('/').pop()!;
	const { products } = await (await page.request.get('/api/v1/products')).json();
	return { id: products.find((p: Product) => p.slug === slug).id, slug };
}

async function portalOn(page: Page, product: Product) {
	await page.goto(`/products/${product.slug}/settings`);
	await page.getByRole('button', { name: 'Turn the portal on' }).click();
	await expect(page.getByTestId('portal-state')).toHaveText('On');
}

async function feedback(
	api: APIRequestContext,
	product: Product,
	text: string,
	who: string,
	company?: string
) {
	return post(api, `products/${product.id}/feedback`, {
		text,
		requester: { email: `${who}@customers.example`, name: who },
		company
	});
}

async function customer(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
	const context = await browser.newContext({ baseURL: process.env.CONVERGE_URL, ...options });
	return { context, page: await context.newPage() };
}

test.describe('the portal', () => {
	test('[FBU1] a customer without JavaScript submits feedback and votes; it reaches the Inbox', async ({
		page,
		browser
	}) => {
		const product = await pmWithProduct(page, 'Acme Portal NoJS');
		await portalOn(page, product);
		await post(page.request, `products/${product.id}/ideas`, { title: 'Dark mode', public: true });

		const { context, page: visitor } = await customer(browser, { javaScriptEnabled: false });
		await visitor.goto(`/p/${product.slug}`);
		await visitor
			.getByLabel('What would make the product better for you?')
			.fill('<b>Offline</b> mode please');
		await visitor.getByLabel('Email', { exact: true }).fill('nojs@customers.example');
		await visitor.getByLabel('Company (optional)').fill('Globex');
		await visitor.getByRole('button', { name: 'Send feedback' }).click();
		await expect(visitor.getByTestId('portal-thanks')).toBeVisible();

		await visitor.getByLabel('Your email, to vote').fill('nojs@customers.example');
		await visitor.getByRole('button', { name: 'Vote for “Dark mode”' }).click();
		await expect(visitor.getByText('Thanks, your vote counts.')).toBeVisible();
		await expect(visitor.getByTestId('portal-idea').filter({ hasText: 'Dark mode' })).toContainText(
			'1asked'
		);
		await context.close();

		await page.goto(`/products/${product.slug}`);
		// HTML typed by a customer is shown as text, never as markup.
		await expect(page.getByTestId('feedback-item').first()).toContainText(
			'<b>Offline</b> mode please'
		);
		await expect(page.getByTestId('feedback-item').first()).toContainText('Portal');
	});

	test('[FBU2] with JavaScript on a 390x844 phone, typing suggests a similar public idea to vote for instead', async ({
		page,
		browser
	}) => {
		const product = await pmWithProduct(page, 'Acme Portal Phone');
		await portalOn(page, product);
		await post(page.request, `products/${product.id}/ideas`, {
			title: 'Export reports to CSV',
			public: true
		});

		const { context, page: phone } = await customer(browser, {
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true
		});
		await phone.goto(`/p/${product.slug}`);
		const overflow = await phone.evaluate(() => document.documentElement.scrollWidth);
		expect(overflow).toBeLessThanOrEqual(390);
		await phone.getByLabel('Email', { exact: true }).fill('phone@customers.example');
		await phone
			.getByLabel('What would make the product better for you?')
			.fill('Please let me export reports to CSV');
		const similar = phone.getByTestId('portal-similar');
		await expect(similar).toContainText('Export reports to CSV');
		await similar.getByRole('button', { name: 'Vote' }).tap();
		await expect(phone.getByText('Thanks, your vote counts.')).toBeVisible();

		await phone
			.getByLabel('What would make the product better for you?')
			.fill('A widget for the home screen');
		await phone.getByRole('button', { name: 'Send feedback' }).tap();
		await expect(phone.getByTestId('portal-thanks')).toBeVisible();
		await context.close();

		const off = await (await browser.newContext({ baseURL: process.env.CONVERGE_URL })).newPage();
		await page.goto(`/products/${product.slug}/settings`);
		await page.getByRole('button', { name: 'Turn the portal off' }).click();
		await expect(page.getByTestId('portal-state')).toHaveText('Off');
		expect((await off.goto(`/p/${product.slug}`))?.status()).toBe(404);
	});
});

test.describe('the PM', () => {
	test('[FBU3] triages the Inbox by keyboard, merges two duplicates and sees demand add up, then starts a workshop from the top three ideas and sees their demand in the room', async ({
		page
	}) => {
		const product = await pmWithProduct(page, 'Acme Triage');
		const api = page.request;
		await post(api, `products/${product.id}/ideas`, { title: 'Dark mode' });
		await post(api, `products/${product.id}/ideas`, { title: 'Slack integration' });
		await feedback(api, product, 'Archive me too', 'dora', 'Initech');
		await feedback(api, product, 'Spam spam spam', 'eve', 'Initech');
		await feedback(api, product, 'Not useful', 'fay');
		await feedback(api, product, 'We need SSO with Okta for all our staff', 'carl', 'Umbrella');
		await feedback(
			api,
			product,
			'The app is too bright at night, dark mode please',
			'bea',
			'Globex'
		);

		await page.goto(`/products/${product.slug}`);
		const items = page.getByTestId('feedback-item');
		await expect(page.getByTestId('inbox-count')).toHaveText('5 new');
		await expect(items.first()).toHaveAttribute('aria-current', 'true');

		// l: the picker suggests the most similar idea first; Enter links it.
		await page.keyboard.press('l');
		const picker = page.getByTestId('idea-picker');
		await expect(picker.getByRole('option').first()).toContainText('Dark mode');
		await page.keyboard.press('Enter');
		await expect(page.getByText('Linked to “Dark mode”')).toBeVisible();
		await expect(page.getByTestId('inbox-count')).toHaveText('4 new');

		// n: a new idea titled from the feedback.
		await expect(items.first()).toContainText('SSO with Okta');
		await page.keyboard.press('n');
		await page.getByLabel('Title of the new idea').fill('SSO with Okta');
		await page.keyboard.press('Enter');
		await expect(page.getByText('New idea “SSO with Okta”')).toBeVisible();
		await expect(page.getByTestId('inbox-count')).toHaveText('3 new');

		// a archives, Undo puts it back.
		await page.keyboard.press('a');
		await expect(page.getByTestId('inbox-count')).toHaveText('2 new');
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect(page.getByTestId('inbox-count')).toHaveText('3 new');

		// x selects, j moves, shift+A archives the selection.
		await page.keyboard.press('x');
		await page.keyboard.press('j');
		await page.keyboard.press('x');
		await page.keyboard.press('j');
		await page.keyboard.press('x');
		await expect(page.getByText('3 selected')).toBeVisible();
		await page.keyboard.press('Shift+A');
		await expect(page.getByTestId('inbox-count')).toHaveText('Inbox zero');

		// Two duplicates, asked for by different people (and one person on both).
		const a = await post(api, `products/${product.id}/ideas`, { title: 'Export reports to CSV' });
		const b = await post(api, `products/${product.id}/ideas`, { title: 'Export report to CSV' });
		for (const [idea, who, company] of [
			[a, 'gil', 'Hooli'],
			[a, 'hal', 'Hooli'],
			[b, 'gil', 'Hooli'],
			[b, 'ivy', 'Stark']
		] as const) {
			const item = await feedback(api, product, `CSV export please (${who})`, who, company);
			await post(api, `products/${product.id}/feedback/${item.id}/link`, { ideaId: idea.id });
		}
		await page.goto(`/products/${product.slug}/ideas`);
		const row = (title: string) => page.getByTestId('idea-row').filter({ hasText: title });
		await expect(row('Export reports to CSV').getByTestId('requesters')).toHaveText('2');
		await expect(row('Export report to CSV').getByTestId('requesters')).toHaveText('2');
		const pair = page.getByTestId('duplicate-pair').filter({ hasText: 'Export report' });
		await pair.getByRole('button', { name: /^Merge/ }).click();
		await expect(page.getByTestId('idea-row')).toHaveCount(4);
		const merged = page.getByTestId('idea-row').filter({ hasText: 'Export report' });
		// gil asked on both: three people, not four.
		await expect(merged.getByTestId('requesters')).toHaveText('3');

		// The idea page shows the union and the merged-from list.
		await merged.getByRole('link').click();
		await expect(page.getByTestId('demand-requesters')).toHaveText('3');
		await expect(page.getByTestId('demand-companies')).toHaveText('2');
		await expect(page.getByRole('button', { name: 'Unmerge' })).toBeVisible();

		// The top three ideas by demand into a workshop.
		await page.goto(`/products/${product.slug}/ideas`);
		const boxes = page.getByTestId('idea-row').getByRole('checkbox');
		for (let i = 0; i < 3; i++) await boxes.nth(i).check();
		await page.getByLabel('Workshop title').fill('Q3 from the backlog');
		await page.getByRole('button', { name: 'Start a workshop with these' }).click();
		await expect(page).toHaveURL(/\/w\/[a-z2-7]{16}$/);
		const roomIdeas = page.getByTestId('idea');
		await expect(roomIdeas).toHaveCount(3);
		await expect(
			roomIdeas.filter({ hasText: 'Export report' }).getByTestId('idea-demand')
		).toContainText('3 requesters · 2 companies');
		await expect(
			roomIdeas.filter({ hasText: 'Dark mode' }).getByTestId('idea-demand')
		).toContainText('1 requester · 1 company');
	});
});

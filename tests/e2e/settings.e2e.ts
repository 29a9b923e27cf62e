import type { Browser, Page } from '@playwright/test';
import { expect, test, uniqueEmail } from './fixtures.ts';

/**
 * A product's Settings as its owner uses them: importing a Jira export, API keys for glue code,
 * and the team. Each test starts from a new owner and product made through the pages.
 */

interface Product {
	id: string;
	slug: string;
}

/** Signs up through the form with the given email; the page ends on the dashboard. */
async function signUpAs(page: Page, name: string, email: string): Promise<void> {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('Work email').fill(email);
	await page.getByLabel('Password').fill('correct horse battery');
	await page.getByLabel('Your function').selectOption('Product');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { name: 'Your workshops' })).toBeVisible();
}

/**
 * A new owner with a product made from the dashboard, on its Settings tab. The name is made unique,
 * as its URL name must be across runs against one database.
 */
async function ownerInSettings(page: Page, prefix: string): Promise<Product & { name: string }> {
	const name = `${prefix} ${Date.now().toString(36)}`;
	await signUpAs(page, 'Olive Owner', uniqueEmail('owner'));
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Create product' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const slug = new URL(page.url()).pathname.split('/').pop()!;
	const { products } = await (await page.request.get('/api/v1/products')).json();
	const product = { id: products.find((p: Product) => p.slug === slug).id, slug, name };
	await page.goto(`/products/${slug}/settings`);
	return product;
}

async function ideaTitles(page: Page, product: Product): Promise<string[]> {
	const res = await page.request.get(`/api/v1/products/${product.id}/ideas?sort=newest`);
	expect(res.status()).toBe(200);
	return ((await res.json()).ideas as { title: string }[]).map((i) => i.title).sort();
}

async function newContext(browser: Browser) {
	return browser.newContext({ baseURL: process.env.CONVERGE_URL });
}

test('[FBU5] imports a Jira export: mapping preview, progress, the bad lines listed, and a re-import adds nothing', async ({
	page
}) => {
	const product = await ownerInSettings(page, 'Import Co');
	await page.getByLabel('Format').selectOption('jira');
	await page.getByTestId('csv-file').setInputFiles('tests/fixtures/feedback/jira-export.csv');

	const preview = page.getByTestId('csv-preview');
	const mapping = preview.getByTestId('csv-mapping');
	await expect(mapping).toContainText(/Idea title\s*Summary/);
	await expect(mapping).toContainText(/Tags\s*Labels, Component\/s \(5 columns\)/);
	await expect(mapping).toContainText(/Comments → feedback\s*Comment \(3 columns\)/);
	await expect(preview).toContainText('Export the roadmap as PDF');
	await expect(preview.locator('tr.bad')).toHaveCount(2);

	await preview.getByRole('button', { name: 'Import' }).click();
	const status = page.getByTestId('import-status');
	await expect(status).toContainText('Done.');
	await expect(status.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
		'value',
		'100'
	);
	await expect(status).toContainText('4 rows read: 2 new, 0 updated, 0 unchanged, 2 not imported');
	await expect(status).toContainText('2 lines not imported');
	await expect(status).toContainText('Line 5: ');
	await expect(status).toContainText('Line 6: Votes "three" is not a number');
	expect(await ideaTitles(page, product)).toEqual([
		'Export the roadmap as PDF',
		'SAML single sign-on'
	]);
	const { feedback } = await (
		await page.request.get(`/api/v1/products/${product.id}/feedback?state=linked`)
	).json();
	expect(feedback).toHaveLength(3);

	// The same file again: the same issue keys update in place, so nothing is made twice.
	await page.reload();
	await page.getByLabel('Format').selectOption('jira');
	await page.getByTestId('csv-file').setInputFiles('tests/fixtures/feedback/jira-export.csv');
	await page.getByTestId('csv-preview').getByRole('button', { name: 'Import' }).click();
	await expect(page.getByTestId('import-status')).toContainText('Done.');
	await expect(page.getByTestId('import-status')).toContainText(
		'4 rows read: 0 new, 0 updated, 2 unchanged, 2 not imported'
	);
	expect(await ideaTitles(page, product)).toEqual([
		'Export the roadmap as PDF',
		'SAML single sign-on'
	]);
	const again = await (
		await page.request.get(`/api/v1/products/${product.id}/feedback?state=linked`)
	).json();
	expect(again.feedback).toHaveLength(3);
	await page.reload();
	const importCard = page.getByRole('region', { name: 'Import from CSV' });
	await expect(importCard).toContainText(
		/Recent: jira, 4 rows \(done\)[\s\S]* · jira, 4 rows \(done\)/
	);
});

test('[FBU6] an API key is shown once, works for the API, and is refused with 401 once revoked', async ({
	page,
	playwright
}) => {
	const product = await ownerInSettings(page, 'Keys Co');
	await page.getByLabel('Key label').fill('Zapier');
	await page.getByRole('button', { name: 'Create key' }).click();
	await expect(page.getByText('Copy it now: it is not shown again.')).toBeVisible();
	const key = await page.getByTestId('new-api-key').inputValue();
	expect(key.length).toBeGreaterThan(20);

	// No cookie: the key alone.
	const glue = await playwright.request.newContext({ baseURL: process.env.CONVERGE_URL });
	const send = () =>
		glue.post(`/api/v1/products/${product.id}/feedback`, {
			headers: { authorization: `Bearer ${key}` },
			data: { text: 'From Zapier', requester: { email: 'zap@customers.example' } }
		});
	expect((await send()).status()).toBe(201);

	await page.reload();
	await expect(page.getByTestId('new-api-key')).toHaveCount(0);
	await expect(page.locator('body')).not.toContainText(key);
	const row = page.getByRole('listitem').filter({ hasText: 'Zapier' });
	await expect(row).toContainText('last used');
	await page.goto(`/products/${product.slug}`);
	await expect(page.getByTestId('feedback-item').first()).toContainText('From Zapier');

	await page.goto(`/products/${product.slug}/settings`);
	await page
		.getByRole('listitem')
		.filter({ hasText: 'Zapier' })
		.getByRole('button', { name: 'Revoke' })
		.click();
	await expect(page.getByRole('listitem').filter({ hasText: 'Zapier' })).toHaveCount(0);
	const refused = await send();
	expect(refused.status()).toBe(401);
	await glue.dispose();
});

test('[FBU7] the owner adds a teammate as a member, who sees the product but not its keys, then removes them', async ({
	page,
	browser
}) => {
	const product = await ownerInSettings(page, 'Team Co');
	const teammateEmail = uniqueEmail('mate');
	const context = await newContext(browser);
	const mate = await context.newPage();
	await signUpAs(mate, 'Mo Mate', teammateEmail);
	await expect((await mate.request.get(`/api/v1/products/${product.id}`)).status()).toBe(404);

	await page.getByLabel("Teammate's email").fill(teammateEmail);
	await page.getByLabel('Role').selectOption('member');
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	const row = page.getByRole('listitem').filter({ hasText: 'Mo Mate' });
	await expect(row).toContainText('Member');
	await expect(page.getByRole('listitem').filter({ hasText: 'Olive Owner' })).toContainText(
		'Owner'
	);

	await mate.goto('/');
	await expect(mate.getByRole('link', { name: new RegExp(product.name) })).toBeVisible();
	await mate.goto(`/products/${product.slug}/settings`);
	await expect(mate.getByRole('heading', { name: 'Members' })).toBeVisible();
	// A member works the board; keys, members and the portal switch are the owner's.
	await expect(mate.getByRole('heading', { name: 'API keys' })).toHaveCount(0);
	await expect(mate.getByRole('button', { name: 'Turn the portal on' })).toHaveCount(0);
	await expect(mate.getByRole('button', { name: 'Remove' })).toHaveCount(0);
	expect(
		(
			await mate.request.post(`/api/v1/products/${product.id}/api-keys`, {
				data: { label: 'mine' }
			})
		).status()
	).toBe(403);

	// An unknown email is refused with a message, nothing added.
	await page.getByLabel("Teammate's email").fill(uniqueEmail('nobody'));
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.getByRole('alert')).toBeVisible();

	await row.getByRole('button', { name: 'Remove' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: 'Mo Mate' })).toHaveCount(0);
	const gone = await mate.goto(`/products/${product.slug}`);
	expect(gone?.status()).toBe(404);
	await context.close();
});

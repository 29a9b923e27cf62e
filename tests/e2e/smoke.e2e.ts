import { expect, test } from './fixtures.ts';

test('the home page answers with Converge', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('h1')).toContainText('Converge');
});

import { expect, test } from './fixtures.ts';

// The live-session controls have a dev harness at /dev/session; it must not ship.
test('the session controls harness answers 404 in a production build', async ({ page }) => {
	const response = await page.goto('/dev/session');
	expect(response?.status()).toBe(404);
});

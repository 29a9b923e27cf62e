import type { Locator, Page } from '@playwright/test';
import { FRAMEWORK_IDS } from '../../src/lib/model/control.ts';
import { expect, test } from './fixtures.ts';
import {
	addIdea,
	createWorkshop,
	expectLive,
	inviteLink,
	joinAsGuest,
	openSetup,
	seriousViolations,
	signUp
} from './steps.ts';

/**
 * axe-core on every page people use: no serious or critical violation of WCAG 2.1 A/AA. The room
 * is checked in each framework's tab and in the result views, with ideas in it, since an empty
 * room hides most of its controls.
 */

test('the sign-up and sign-in pages have no serious accessibility violations', async ({ page }) => {
	for (const path of ['/', '/signup', '/login']) {
		await page.goto(path);
		expect(await seriousViolations(page), path).toEqual([]);
	}
});

test('the dashboard, the join page, the room in every view and the executive page have no serious accessibility violations', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await signUp(page, { name: 'Ada Facilitator', function: 'Product' });
	expect(await seriousViolations(page), 'dashboard, empty').toEqual([]);

	await createWorkshop(page, 'Accessible planning');
	await addIdea(page, 'Offline mode');
	await addIdea(page, 'SSO login');
	const setup = await openSetup(page);
	for (const framework of FRAMEWORK_IDS) await setup.getByTestId(`enable-${framework}`).check();
	expect(await seriousViolations(page), 'room with the setup panel open').toEqual([]);
	await page.getByRole('button', { name: 'Close setup' }).click();

	for (const tab of [...FRAMEWORK_IDS, 'ranking', 'consensus']) {
		await page.getByTestId(`tab-${tab}`).click();
		await expect(page.getByTestId(`panel-${tab}`)).toBeVisible();
		expect(await seriousViolations(page), `room, ${tab}`).toEqual([]);
	}

	const link = await inviteLink(page);
	await page.getByPlaceholder('Label, e.g. Leadership team').fill('Leadership team');
	await page.getByRole('button', { name: 'Create link' }).click();
	const executiveUrl = await page.getByTestId('share-link').inputValue();

	await page.goto('/');
	expect(await seriousViolations(page), 'dashboard with a workshop').toEqual([]);

	const guest = await browser.newContext({ baseURL });
	const join = await guest.newPage();
	await join.goto(link);
	await expect(join.getByRole('button', { name: 'Join workshop' })).toBeVisible();
	expect(await seriousViolations(join), 'join page').toEqual([]);

	const executive = await guest.newPage();
	await executive.goto(executiveUrl);
	await expect(executive.getByRole('heading', { name: 'Accessible planning' })).toBeVisible();
	expect(await seriousViolations(executive), 'executive page').toEqual([]);

	await guest.close();
	await context.close();
});

test('the room on a phone has no serious accessibility violations', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({
		baseURL,
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true
	});
	const page = await context.newPage();
	await signUp(page, { name: 'Pat Phone', function: 'Sales' });
	await createWorkshop(page, 'Planning on the go');
	await addIdea(page, 'Offline mode');
	await expectLive(page);
	// Enough people that the presence list overflows the phone's width and scrolls.
	const link = await inviteLink(page);
	const others = await Promise.all(
		[
			{ name: 'Gus Guest', function: 'Engineering' },
			{ name: 'Dee Designer', function: 'Design' }
		].map(async (person) => {
			const other = await browser.newContext({ baseURL });
			await joinAsGuest(await other.newPage(), link, person);
			return other;
		})
	);
	await expect(page.getByTestId('presence').first().getByTestId('peer')).toHaveCount(3);
	expect(await seriousViolations(page), 'room on a phone').toEqual([]);
	for (const other of others) await other.close();
	await context.close();
});

/** Presses Tab until `target` has the focus, as a keyboard user would reach it. */
async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
	for (let presses = 0; presses < limit; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target}`);
}

test('the matrix, MoSCoW and dot voting work with the keyboard alone', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await signUp(page, { name: 'Kim Keyboard', function: 'Design' });
	await createWorkshop(page, 'Keyboard planning');
	const idea = await addIdea(page, 'Offline mode');
	const setup = await openSetup(page);
	await setup.getByTestId('enable-moscow').check();
	await setup.getByTestId('enable-dots').check();
	await page.getByRole('button', { name: 'Close setup' }).click();

	// Matrix: Enter puts the idea in the centre, arrows move it (Shift for big steps).
	await tabTo(page, page.getByTestId(`tray-${idea}`));
	await page.keyboard.press('Enter');
	const point = page.getByTestId(`own-point-${idea}`);
	await expect(point).toHaveAttribute('data-value', '50');
	await tabTo(page, point);
	await page.keyboard.press('Shift+ArrowUp');
	await page.keyboard.press('Shift+ArrowUp');
	await page.keyboard.press('ArrowRight');
	await expect(point).toHaveAttribute('data-value', '70');
	await expect(point).toHaveAttribute('data-effort', '51');

	// The tabs: arrow keys move between frameworks.
	await tabTo(page, page.getByTestId('tab-matrix'));
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId('panel-moscow')).toBeVisible();

	// MoSCoW: a number key moves the focused card to its bucket.
	const card = page.getByTestId(`moscow-card-${idea}`);
	await tabTo(page, card.locator('[role="button"]'));
	await page.keyboard.press('1');
	await expect(page.getByTestId('lane-must').getByTestId(`moscow-card-${idea}`)).toBeVisible();
	await page.keyboard.press('3');
	await expect(page.getByTestId('lane-could').getByTestId(`moscow-card-${idea}`)).toBeVisible();

	// Dots: the steppers are buttons.
	await tabTo(page, page.getByTestId('tab-moscow'));
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId('panel-dots')).toBeVisible();
	await tabTo(page, page.getByTestId(`dots-plus-${idea}`));
	await page.keyboard.press('Enter');
	await page.keyboard.press('Space');
	await expect(page.getByTestId(`dots-count-${idea}`)).toHaveText('2');

	// All of it reached the server: a reload shows the same ballot.
	await page.reload();
	await expectLive(page);
	await expect(page.getByTestId(`own-point-${idea}`)).toHaveAttribute('data-value', '70');
	await page.getByTestId('tab-moscow').click();
	await expect(page.getByTestId('lane-could').getByTestId(`moscow-card-${idea}`)).toBeVisible();
	await context.close();
});

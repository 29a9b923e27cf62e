import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import {
	addIdea,
	createWorkshop,
	expectLive,
	inviteLink,
	joinAsGuest,
	matrixPoint,
	openSetup,
	signUp,
	workshopWithGuests
} from './steps.ts';

/**
 * Presence in a live room, with three people at once: the facilitator and a participant at
 * desktops, and a participant on a 390×844 touch phone. Issue 4, item 7.
 */

const ADA = { name: 'Ada Facilitator', function: 'Product' };
const BEA = { name: 'Bea Engineer', function: 'Engineering' };
const CY = { name: 'Cy Sales', function: 'Sales' };

async function expectTab(page: Page, tab: string) {
	await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

/**
 * Starts keeping every count the page's "In the room" list shows, however briefly: a blink lasts
 * a fraction of a second, too short for a polling assertion to be sure to see it.
 */
async function recordRoomCounts(page: Page) {
	await page.evaluate(() => {
		const seen = new Set<number>();
		const count = () =>
			seen.add(document.querySelectorAll('[data-testid="presence"] [data-testid="peer"]').length);
		count();
		new MutationObserver(count).observe(document.body, { childList: true, subtree: true });
		(window as unknown as { roomCounts: Set<number> }).roomCounts = seen;
	});
	return () =>
		page.evaluate(() => [...(window as unknown as { roomCounts: Set<number> }).roomCounts]);
}

test('follow the facilitator, live cursors on the matrix, and a spotlight, across a desktop and a phone', async ({
	browser,
	baseURL
}) => {
	// Three people sign up or join (each a password hash and a room load) before the checks begin.
	test.setTimeout(180_000);
	const adaContext = await browser.newContext({ baseURL });
	const beaContext = await browser.newContext({ baseURL });
	const cyContext = await browser.newContext({
		baseURL,
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true
	});
	const ada = await adaContext.newPage();
	const bea = await beaContext.newPage();
	const cy = await cyContext.newPage();

	await signUp(ada, ADA);
	await createWorkshop(ada, 'Presence check');
	const link = await inviteLink(ada);
	const ideaId = await addIdea(ada, 'Offline mode');
	const setup = await openSetup(ada);
	await setup.getByTestId('enable-moscow').check();
	// Results live: cursors over a framework whose votes are hidden are never sent (SPEC [S4]).
	await setup.getByTestId('setting-blind').uncheck();
	await ada.getByRole('button', { name: 'Close setup' }).click();

	await joinAsGuest(bea, link, BEA);
	await joinAsGuest(cy, link, CY);

	// Participants follow the facilitator from the moment they join; the facilitator follows nobody.
	for (const page of [bea, cy]) {
		await expect(page.getByTestId('following')).toHaveText(`Following ${ADA.name}`);
	}
	await expect(ada.getByTestId('follow-bar')).toHaveCount(0);

	// The facilitator moves to MoSCoW, and both participants' rooms move with them.
	await ada.getByTestId('tab-moscow').click();
	await expectTab(bea, 'moscow');
	await expectTab(cy, 'moscow');

	// Bea picks a tab herself: she leaves follow mode and stays where she is…
	await bea.getByTestId('tab-matrix').click();
	await expect(bea.getByRole('button', { name: 'Follow again' })).toBeVisible();
	await ada.getByTestId('tab-ranking').click();
	await expectTab(cy, 'ranking');
	await expect(bea.getByTestId('follow-bar')).toContainText(`${ADA.name} is on Ranking`);
	await expectTab(bea, 'matrix');

	// …until she follows again, which takes her to the facilitator's tab at once.
	await bea.getByRole('button', { name: 'Follow again' }).click();
	await expectTab(bea, 'ranking');
	await expect(bea.getByTestId('following')).toBeVisible();

	// On the matrix, the facilitator's cursor shows in both participants' rooms, at the same point
	// of the chart on a desktop and on a phone.
	await ada.getByTestId('tab-matrix').click();
	await expectTab(bea, 'matrix');
	await expectTab(cy, 'matrix');
	const at = { value: 70, effort: 30 };
	// While collecting, the idea box leads the room and the matrix starts lower down.
	await ada.locator('svg rect.hit').scrollIntoViewIfNeeded();
	const target = await matrixPoint(ada, at);
	await ada.mouse.move(target.x - 60, target.y + 40);
	await ada.mouse.move(target.x, target.y, { steps: 6 });
	for (const page of [bea, cy]) {
		const cursor = page.getByTestId('cursor').filter({ hasText: ADA.name });
		await expect(cursor).toBeVisible();
		await page.getByTestId('cursor').first().scrollIntoViewIfNeeded();
		const expected = await matrixPoint(page, at);
		await expect
			.poll(async () => {
				const box = await cursor.boundingBox();
				return box ? Math.hypot(box.x - expected.x, box.y - expected.y) : Infinity;
			})
			.toBeLessThan(4);
	}
	// Nobody sees their own cursor.
	await expect(ada.getByTestId('cursor')).toHaveCount(0);

	// A finger on the phone is no cursor: the facilitator sees none from Cy.
	await cy.locator('svg rect.hit').tap();
	await ada.waitForTimeout(300);
	await expect(ada.getByTestId('cursor')).toHaveCount(0);

	// The pointer leaving the matrix takes the cursor away.
	await ada.mouse.move(5, 5);
	await expect(bea.getByTestId('cursor')).toHaveCount(0);

	// The facilitator spotlights the idea: a banner with it, for everyone, and the idea marked.
	await ada.getByTestId(`spotlight-${ideaId}`).click();
	await expect(ada.getByTestId(`spotlight-${ideaId}`)).toHaveAttribute('aria-pressed', 'true');
	for (const page of [ada, bea, cy]) {
		const banner = page.getByTestId('spotlight');
		await expect(banner).toContainText('Offline mode');
		await expect(banner.getByTestId('spotlight-standing')).toContainText('Value / effort');
	}
	await expect(bea.getByTestId('spotlight-clear')).toHaveCount(0);
	const marked = await bea
		.locator(`[data-testid="idea"][data-idea-id="${ideaId}"]`)
		.evaluate((element) => getComputedStyle(element).backgroundColor);
	expect(marked).toBe('rgb(255, 251, 235)');

	// It is kept in the workshop: someone who joins (or reloads) later sees it too.
	await bea.reload();
	await expect(bea.getByTestId('spotlight')).toContainText('Offline mode');

	// Clearing it takes it away for everyone.
	await ada.getByTestId('spotlight-clear').click();
	for (const page of [ada, bea, cy]) await expect(page.getByTestId('spotlight')).toHaveCount(0);

	await adaContext.close();
	await beaContext.close();
	await cyContext.close();
});

test('a lock and an unlock reconnect a participant without anyone seeing them leave', async ({
	browser,
	baseURL
}) => {
	const {
		contexts,
		host: ada,
		guests
	} = await workshopWithGuests(browser, baseURL, 'Presence across a lock', ADA, [BEA]);
	const [bea] = guests;
	for (const page of [ada, bea]) {
		await expect(page.getByTestId('presence').getByTestId('peer')).toHaveCount(2);
	}
	const seenByAda = await recordRoomCounts(ada);
	const seenByBea = await recordRoomCounts(bea);
	let reconnects = 0;
	bea.on('websocket', (socket) => {
		if (/\/sync\/[a-z2-7]{16}$/.test(socket.url())) reconnects++;
	});

	// Each change closes Bea's board connection (4100) for her to come back with new permissions.
	const setup = await openSetup(ada);
	await setup.getByTestId('setting-locked').check();
	await expect(bea.getByTestId('locked')).toBeVisible();
	await expectLive(bea);
	await setup.getByTestId('setting-locked').uncheck();
	await expect(bea.getByTestId('locked')).toHaveCount(0);
	await expectLive(bea);
	await expect.poll(() => reconnects).toBe(2);
	await expectLive(bea);

	// Neither the facilitator, whose connection stayed open, nor Bea herself saw anyone leave.
	expect(await seenByAda()).toEqual([2]);
	expect(await seenByBea()).toEqual([2]);

	for (const context of contexts) await context.close();
});

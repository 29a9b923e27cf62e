import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { addIdea, openSetup, workshopWithGuests, type Person } from './steps.ts';

/**
 * The framework views of the voting core (scorecard, MoSCoW, OKR map, dot voting, buy-a-feature),
 * driven through their real UI.
 *
 * "in a live room": two or three people in their own browser contexts, through the real server
 * (ballots, the derived tally and the control document over the sync socket).
 *
 * "on the harness": the route /dev/frameworks, the views with in-memory documents for three
 * people and the tally derived by the server's own function (src/lib/model/tally-derivation.ts), in one
 * browser. Two of the three (Bea, Cy) have voted already (src/routes/dev/frameworks/seed.ts); the
 * test acts as the third. It reaches what is awkward to set up in a room: seeded votes, efforts
 * for the Must share, a ballot written by "another tab".
 */

const ADA: Person = { name: 'Ada Facilitator', function: 'Product' };
const BEA: Person = { name: 'Bea Engineer', function: 'Engineering' };
const CY: Person = { name: 'Cy Sales', function: 'Sales' };

/** Turns frameworks on in the setup panel, with results live (not blind). */
async function enable(page: Page, frameworks: string[]) {
	const setup = await openSetup(page);
	for (const framework of frameworks) await setup.getByTestId(`enable-${framework}`).check();
	await setup.getByTestId('setting-blind').uncheck();
	await page.getByRole('button', { name: 'Close setup' }).click();
}

async function openHarness(page: Page, query: string) {
	await page.goto(`/dev/frameworks?${query}`);
	await expect(page.getByTestId('harness-stage')).toBeVisible();
}

async function centre(locator: Locator) {
	const box = await locator.boundingBox();
	if (!box) throw new Error('element is not visible');
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function mouseDrag(page: Page, from: Locator, to: Locator) {
	const a = await centre(from);
	const b = await centre(to);
	await page.mouse.move(a.x, a.y);
	await page.mouse.down();
	await page.mouse.move(b.x, b.y, { steps: 12 });
	await page.mouse.up();
}

/** The ideas of the scorecard ranking, best first, by their ids. */
async function ranking(page: Page): Promise<string[]> {
	const rows = page.locator('[data-testid^="scorecard-bar-"]');
	const entries = await rows.evaluateAll((elements) =>
		elements.map((e) => ({
			id: e.getAttribute('data-testid')!.replace('scorecard-bar-', ''),
			rank: Number(e.getAttribute('data-rank'))
		}))
	);
	return entries.sort((a, b) => a.rank - b.rank).map((e) => e.id);
}

test.describe('framework views on the harness', () => {
	test('MoSCoW: a card dragged with the mouse, moved with a key and with its menu lands in its bucket; the group result and the Must warning follow', async ({
		page
	}) => {
		await openHarness(page, 'view=moscow');
		const must = page.getByTestId('lane-must');
		const dark = page.getByTestId('moscow-card-dark');
		await expect(page.getByTestId('lane-unsorted').getByTestId('moscow-card-dark')).toBeVisible();

		// Both on screen (a drag does not scroll the page by itself unless it reaches an edge).
		await must.evaluate((element) => element.scrollIntoView({ block: 'end' }));
		// Drag "Dark mode" from the tray into Must: it lands there, and the group (Bea and Cy said
		// Won't) now has 3 votes, 67 % for Won't.
		// On a loaded machine the first pointer moves can land before the page lays the lanes out;
		// dropping into Must again is harmless, so the drag is retried until it lands.
		await expect(async () => {
			await mouseDrag(
				page,
				dark.getByText('Dark mode', { exact: true }),
				must.locator('.placeholder')
			);
			await expect(must.getByTestId('moscow-card-dark')).toBeVisible({ timeout: 2000 });
		}).toPass({ timeout: 20_000 });
		await expect(page.getByTestId('moscow-consensus-dark')).toHaveText("Group: Won't · 67 %");
		await expect(page.getByTestId('moscow-result-dark')).toContainText("Won't 67 % agree");

		// Keyboard: focus a card and press 2; it moves to Should and keeps the focus.
		const onboarding = page.locator('[data-card="onboarding"]');
		await onboarding.focus();
		await page.keyboard.press('2');
		await expect(
			page.getByTestId('lane-should').getByTestId('moscow-card-onboarding')
		).toBeVisible();
		await expect(page.locator('[data-card="onboarding"]')).toBeFocused();

		// With the Musts at 58 % of the effort there is no warning; one more Must (offline) makes it
		// 300 of 365 (82 %, efforts from the facilitator's prices): the banner says so.
		await expect(page.getByTestId('must-share')).toContainText('58 %');
		await expect(page.getByTestId('must-warning')).toHaveCount(0);
		await page.getByTestId('moscow-select-offline').selectOption('must');
		await expect(page.getByTestId('lane-must').getByTestId('moscow-card-offline')).toBeVisible();
		await expect(page.getByTestId('must-warning')).toContainText(
			'Musts take 82 % of the planned effort (300 of 365), more than the 60 % limit'
		);

		// The facilitator settles "offline" as a Could: the warning goes.
		await page.getByTestId('moscow-final-select-offline').selectOption('could');
		await expect(page.getByTestId('moscow-final-offline')).toHaveText('Final: Could');
		await expect(page.getByTestId('must-warning')).toHaveCount(0);

		// 0 puts a card back in the tray.
		await page.locator('[data-card="dark"]').focus();
		await page.keyboard.press('0');
		await expect(page.getByTestId('lane-unsorted').getByTestId('moscow-card-dark')).toBeVisible();
	});

	test('MoSCoW on a phone: a card dragged by its grip with a finger', async ({
		browser,
		baseURL
	}) => {
		const phone = await browser.newContext({
			baseURL,
			viewport: { width: 390, height: 844 },
			hasTouch: true,
			isMobile: true
		});
		const page = await phone.newPage();
		await openHarness(page, 'view=moscow');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);

		// The last card of the tray and the Must column just below it, both on screen.
		const must = page.getByTestId('lane-must');
		await must.evaluate((element) => element.scrollIntoView({ block: 'end' }));
		const grip = page.getByTestId('moscow-card-slack').locator('[data-grip]');
		const from = await centre(grip);
		const to = await centre(must.locator('.placeholder'));

		// Playwright's touchscreen only taps; Chromium's own touch input drags.
		const cdp = await phone.newCDPSession(page);
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
		for (let i = 1; i <= 10; i++) {
			const point = {
				x: from.x + ((to.x - from.x) * i) / 10,
				y: from.y + ((to.y - from.y) * i) / 10
			};
			await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
		}
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
		await expect(must.getByTestId('moscow-card-slack')).toBeVisible();
		await phone.close();
	});

	test('scorecard: the facilitator takes the suggested criteria, raises a weight, and the ranking changes at once', async ({
		page
	}) => {
		await openHarness(page, 'view=scorecard');
		// Bea's and Cy's scores under the suggested weights (hand-checked with computeAll).
		await expect
			.poll(() => ranking(page))
			.toEqual(['sso', 'billing', 'api', 'onboarding', 'dark', 'offline']);

		await page.getByRole('button', { name: 'Use suggested criteria' }).click();
		const feasibility = page.getByTestId('weight-technical-feasibility');
		await expect(feasibility).toHaveValue('15');
		await feasibility.fill('50');
		// Feasibility now weighs 50 of 135: the easy ideas climb, billing (feasibility 2) drops.
		await expect
			.poll(() => ranking(page))
			.toEqual(['sso', 'onboarding', 'api', 'dark', 'billing', 'offline']);
		await expect(page.getByTestId('scorecard-bar-onboarding')).toHaveAttribute('data-rank', '2');

		// An invalid weight is refused beside the field and changes nothing.
		await feasibility.fill('-3');
		await expect(feasibility).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText('A weight is a number, 0 or more')).toBeVisible();
		await expect
			.poll(() => ranking(page))
			.toEqual(['sso', 'onboarding', 'api', 'dark', 'billing', 'offline']);

		// Scoring an idea: "Audit log export" had no scores; one score puts it in the ranking.
		await page.getByTestId('score-audit-market-demand').getByRole('radio', { name: '5' }).check();
		await expect(page.getByTestId('votes-audit')).toHaveText('1 of 3 voted');
		await expect(page.getByTestId('yours-audit')).toHaveText('5');
		await expect(page.getByTestId('scorecard-bar-audit')).toBeVisible();

		// A score the server rejects is shown beside the idea it belongs to.
		await page.getByRole('button', { name: 'Write a bad entry' }).click();
		await expect(page.getByTestId('rejected-sso')).toContainText(
			'Strategic alignment must be a whole number from 1 to 5'
		);
	});

	test('OKR: a participant links an unaligned idea to a key result; the map and the flags follow', async ({
		page
	}) => {
		await openHarness(page, 'view=okr&as=bea');
		await page.getByLabel('Facilitator', { exact: true }).uncheck();
		await expect(page.getByTestId('objectives-editor')).toHaveCount(0);

		await expect(page.getByTestId('unaligned-audit')).toBeVisible();
		await expect(page.getByTestId('okr-map-idea-audit')).toContainText('Unaligned');
		const toggle = page.getByTestId('okr-toggle-audit-kr-churn');
		await toggle.getByRole('radio', { name: 'Strong' }).check();
		await expect(toggle).toHaveAttribute('data-value', 'strong');

		await expect(page.getByTestId('unaligned-audit')).toHaveCount(0);
		await expect(page.getByTestId('okr-map-idea-audit')).not.toContainText('Unaligned');
		const link = page.getByTestId('okr-link-key-result:kr-churn-idea:audit');
		await expect(link).toHaveAttribute('data-width', '8');
		await expect(link).toHaveAttribute('data-count', '1');

		// Weaker: the link thins; none: the idea is unaligned again.
		await toggle.getByRole('radio', { name: 'Weak' }).check();
		await expect(link).toHaveAttribute('data-width', '2');
		await toggle.getByRole('radio', { name: 'None' }).check();
		await expect(page.getByTestId('unaligned-audit')).toBeVisible();
	});

	test('OKR: the facilitator adds an objective and a key result, and ideas can be linked to it', async ({
		page
	}) => {
		await openHarness(page, 'view=okr');
		const editor = page.getByTestId('objectives-editor');
		await editor.getByPlaceholder('Add an objective…').fill('Win the mid-market');
		await editor.getByRole('button', { name: 'Add objective' }).click();
		await editor.getByLabel('New key result for Win the mid-market').fill('Sign 30 teams of 20–50');
		await editor.getByLabel('New key result for Win the mid-market').press('Enter');
		await expect(page.getByTestId('okr-idea-slack')).toContainText('Sign 30 teams of 20–50');
		await expect(page.getByTestId('okr-coverage')).toContainText('Win the mid-market');

		const row = page.getByTestId('okr-idea-slack');
		await row
			.getByRole('radiogroup', { name: /Slack integration moves Sign 30 teams/ })
			.getByRole('radio', { name: 'Medium' })
			.check();
		await expect(page.getByTestId('unaligned-slack')).toHaveCount(0);
	});

	test('dot voting: the limit disables +, taking a dot back re-enables it, and an overspent ballot shows the server’s reason', async ({
		page
	}) => {
		await openHarness(page, 'view=dots');
		const allowance = page.getByTestId('allowance');
		await expect(allowance).toContainText('5 of 5 dots left');

		for (let i = 0; i < 3; i++) await page.getByTestId('dots-plus-billing').click();
		await page.getByTestId('dots-plus-dark').click();
		await page.getByTestId('dots-plus-dark').click();
		await expect(page.getByTestId('dots-count-billing')).toHaveText('3');
		await expect(allowance).toContainText('0 of 5 dots left');
		// Every + is disabled at the limit; − still works.
		await expect(page.locator('[data-testid^="dots-plus-"]:enabled')).toHaveCount(0);
		await expect(page.getByTestId('dots-total-billing')).toHaveText('6 dots in all');
		await expect(page.getByTestId('dots-rank-billing')).toHaveAttribute('data-rank', '1');

		await page.getByTestId('dots-minus-dark').click();
		await expect(allowance).toContainText('1 of 5 dots left');
		await expect(page.getByTestId('dots-plus-sso')).toBeEnabled();

		// Another tab writes 8 dots on one idea: the server leaves every dot out and says why.
		await page.getByRole('button', { name: 'Write a bad entry' }).click();
		await expect(allowance).toContainText('12 of 5 dots placed: remove 7');
		await expect(page.getByTestId('rejected-sso')).toContainText(
			'12 dots placed but each person has 5: remove 7 for your dots to count'
		);
		await expect(page.getByTestId('rejected-billing')).toBeVisible();
		// Taking dots back is always possible; once within the limit, the dots count again.
		for (let i = 0; i < 7; i++) await page.getByTestId('dots-minus-sso').click();
		await expect(allowance).toContainText('0 of 5 dots left');
		await expect(page.getByTestId('rejected-sso')).toHaveCount(0);
		await expect(page.getByTestId('dots-total-sso')).toHaveText('4 dots in all');
	});

	test('buy a feature: an idea is bought once pledges cover its price; an overspend is not sent', async ({
		page
	}) => {
		await openHarness(page, 'view=budget');
		await expect(page.getByTestId('bought-dark')).toHaveCount(0);
		const pledge = page.getByTestId('pledge-dark');
		await pledge.fill('20');
		await pledge.press('Enter');
		await expect(page.getByTestId('bought-dark')).toBeVisible();
		await expect(page.getByTestId('funding-dark')).toHaveAttribute('aria-valuenow', '100');
		await expect(page.getByTestId('allowance')).toContainText('80 of 100 left to pledge');

		await page.getByTestId('pledge-api').fill('90');
		await page.getByTestId('pledge-api').press('Enter');
		await expect(page.getByTestId('local-problem-api')).toContainText(
			'110 pledged but each person has 100: take back 10'
		);
		await expect(page.getByTestId('allowance')).toContainText('80 of 100 left to pledge');

		// The facilitator raises the price: not bought any more.
		await page.getByTestId('price-dark').fill('25');
		await page.getByTestId('price-dark').press('Enter');
		await expect(page.getByTestId('bought-dark')).toHaveCount(0);
		await expect(page.getByTestId('funding-dark')).toHaveAttribute('aria-valuenow', '80');
	});

	test('blind: only "n of N voted" shows until the results are revealed', async ({ page }) => {
		await openHarness(page, 'view=dots&blind=1');
		await expect(page.getByTestId('blind-badge')).toBeVisible();
		await expect(page.getByTestId('results-hidden')).toBeVisible();
		await expect(page.getByTestId('votes-sso')).toHaveText('2 of 3 voted');
		await expect(page.getByTestId('dots-total-sso')).toHaveCount(0);
		await page.getByTestId('dots-plus-sso').click();
		await expect(page.getByTestId('votes-sso')).toHaveText('3 of 3 voted');
		await page.getByLabel('Revealed').check();
		await expect(page.getByTestId('dots-total-sso')).toHaveText('4 dots in all');
	});
});

test.describe('framework views in a live room', () => {
	test('with every framework on, a laptop shows every tab and a phone fades the edge of the bar that has more', async ({
		browser,
		baseURL
	}) => {
		const room = await workshopWithGuests(browser, baseURL, 'Every framework', ADA, [BEA]);
		const [a, b] = [room.host, ...room.guests];
		await enable(a, ['rice', 'ice', 'wsjf', 'scorecard', 'moscow', 'okr', 'dots', 'budget']);

		// On a laptop the tabs wrap: none is cut off by the bar's edge, which a mouse could not
		// scroll (the bar shows no scrollbar).
		await expect(a.getByTestId('tab-budget')).toBeVisible();
		const bar = (await a.getByRole('tablist').boundingBox())!;
		for (const tab of await a.getByRole('tab').all()) {
			const box = (await tab.boundingBox())!;
			expect(box.x + box.width).toBeLessThanOrEqual(bar.x + bar.width);
		}

		// On a phone the bar scrolls sideways, and fades the edge with more tabs behind it.
		await b.setViewportSize({ width: 390, height: 844 });
		const phoneBar = b.getByRole('tablist');
		await expect(b.getByTestId('tab-budget')).toBeAttached();
		await expect(phoneBar).toHaveClass(/more-right/);
		await expect(phoneBar).not.toHaveClass(/more-left/);
		await b.getByRole('tab').last().click();
		await expect(phoneBar).toHaveClass(/more-left/);
		await expect(phoneBar).not.toHaveClass(/more-right/);

		for (const context of room.contexts) await context.close();
	});

	test('MoSCoW and dot voting with three people: drag and keys sort, the group result and the dot limit hold', async ({
		browser,
		baseURL
	}) => {
		const room = await workshopWithGuests(browser, baseURL, 'Sorting workshop', ADA, [BEA, CY]);
		const [a, b, c] = [room.host, ...room.guests];
		const sso = await addIdea(a, 'Single sign-on');
		const dark = await addIdea(a, 'Dark mode');
		await enable(a, ['moscow', 'dots']);

		// Bea drags Single sign-on into Must with the mouse.
		await b.getByTestId('tab-moscow').click();
		const must = b.getByTestId('lane-must');
		await must.evaluate((element) => element.scrollIntoView({ block: 'end' }));
		await mouseDrag(
			b,
			b.getByTestId(`moscow-card-${sso}`).getByText('Single sign-on', { exact: true }),
			must.locator('.placeholder')
		);
		await expect(must.getByTestId(`moscow-card-${sso}`)).toBeVisible();

		// Cy puts it in Should with a key, and Dark mode in Won't with its menu.
		await c.getByTestId('tab-moscow').click();
		await c.locator(`[data-card="${sso}"]`).focus();
		await c.keyboard.press('2');
		await expect(c.getByTestId('lane-should').getByTestId(`moscow-card-${sso}`)).toBeVisible();
		await c.getByTestId(`moscow-select-${dark}`).selectOption('wont');

		// Ada sees the group: a tie between Must and Should is no agreement.
		await a.getByTestId('tab-moscow').click();
		await expect(a.getByTestId(`moscow-consensus-${sso}`)).toHaveText('Group: no agreement');
		await expect(a.getByTestId(`moscow-result-${sso}`)).toContainText('No agreement');
		await expect(a.getByTestId(`moscow-result-${dark}`)).toContainText("Won't 100 % agree");
		// She settles Single sign-on as a Should; Bea sees the final bucket on her card.
		await a.getByTestId(`moscow-final-select-${sso}`).selectOption('should');
		await expect(b.getByTestId(`moscow-final-${sso}`)).toHaveText('Final: Should');

		// Dot voting: Bea spends her 5 dots; every + is then disabled.
		await b.getByTestId('tab-dots').click();
		for (let i = 0; i < 4; i++) await b.getByTestId(`dots-plus-${sso}`).click();
		await b.getByTestId(`dots-plus-${dark}`).click();
		await expect(b.getByTestId('allowance')).toContainText('0 of 5 dots left');
		await expect(b.locator('[data-testid^="dots-plus-"]:enabled')).toHaveCount(0);
		await expect(b.getByTestId(`dots-count-${sso}`)).toHaveText('4');

		// Cy puts 3 on Dark mode; Ada sees the totals ranked.
		await c.getByTestId('tab-dots').click();
		for (let i = 0; i < 3; i++) await c.getByTestId(`dots-plus-${dark}`).click();
		await a.getByTestId('tab-dots').click();
		await expect(a.getByTestId(`dots-total-${sso}`)).toHaveText('4 dots in all');
		await expect(a.getByTestId(`dots-total-${dark}`)).toHaveText('4 dots in all');
		await b.getByTestId(`dots-minus-${sso}`).click();
		await expect(a.getByTestId(`dots-rank-${dark}`)).toHaveAttribute('data-rank', '1');
		await expect(a.getByTestId(`dots-rank-${sso}`)).toHaveAttribute('data-rank', '2');
		// Taking a dot back gave Bea one to place again.
		await expect(b.getByTestId(`dots-plus-${sso}`)).toBeEnabled();

		for (const context of room.contexts) await context.close();
	});

	test('scorecard: a weight the facilitator changes re-ranks the ideas for everyone', async ({
		browser,
		baseURL
	}) => {
		const room = await workshopWithGuests(browser, baseURL, 'Scorecard workshop', ADA, [BEA]);
		const [a, b] = [room.host, ...room.guests];
		const api = await addIdea(a, 'Public API');
		const tour = await addIdea(a, 'Onboarding tour');
		await enable(a, ['scorecard']);
		await a.getByTestId('tab-scorecard').click();
		await a.getByRole('button', { name: 'Use suggested criteria' }).click();

		// Bea: the API is in demand but hard to build; the tour the other way round. The room's
		// column is too narrow for the whole grid, so she scores one idea at a time.
		await b.getByTestId('tab-scorecard').click();
		const score = async (idea: string, criterion: string, value: number) => {
			const group = b.getByTestId(`score-${idea}-${criterion}`);
			if (!(await group.isVisible())) {
				await b.getByLabel('Idea to score').selectOption({ index: idea === api ? 0 : 1 });
			}
			await group.getByRole('radio', { name: String(value) }).check();
		};
		await score(api, 'market-demand', 5);
		await score(api, 'technical-feasibility', 1);
		await score(tour, 'market-demand', 1);
		await score(tour, 'technical-feasibility', 5);
		// Equal weights (15 and 15): both 3.00, a tie.
		await expect(a.getByTestId(`scorecard-bar-${api}`)).toHaveAttribute('data-rank', '1');
		await expect(a.getByTestId(`scorecard-bar-${tour}`)).toHaveAttribute('data-rank', '1');

		// Feasibility weighs 40: the tour (15·1 + 40·5) / 55 = 3.91 beats the API's 2.09.
		await a.getByTestId('weight-technical-feasibility').fill('40');
		for (const page of [a, b]) {
			await expect(page.getByTestId(`scorecard-bar-${tour}`)).toHaveAttribute('data-rank', '1');
			await expect(page.getByTestId(`scorecard-bar-${api}`)).toHaveAttribute('data-rank', '2');
			await expect(page.getByTestId(`scorecard-bar-${tour}`)).toHaveAttribute(
				'aria-label',
				/composite 3\.91/
			);
		}

		// Market demand weighs 60 instead: the API leads.
		await a.getByTestId('weight-market-demand').fill('60');
		for (const page of [a, b]) {
			await expect(page.getByTestId(`scorecard-bar-${api}`)).toHaveAttribute('data-rank', '1');
		}

		for (const context of room.contexts) await context.close();
	});

	test('OKR map: the facilitator sets a key result, a participant links an idea, the map shows it', async ({
		browser,
		baseURL
	}) => {
		const room = await workshopWithGuests(browser, baseURL, 'OKR workshop', ADA, [BEA]);
		const [a, b] = [room.host, ...room.guests];
		const sso = await addIdea(a, 'Single sign-on');
		const dark = await addIdea(a, 'Dark mode');
		await enable(a, ['okr']);

		await a.getByTestId('tab-okr').click();
		const editor = a.getByTestId('objectives-editor');
		await editor.getByPlaceholder('Add an objective…').fill('Grow enterprise revenue');
		await editor.getByRole('button', { name: 'Add objective' }).click();
		const newKeyResult = editor.getByLabel('New key result for Grow enterprise revenue');
		await newKeyResult.fill('Close 10 enterprise deals');
		await newKeyResult.press('Enter');

		// Bea sees the key result and links Single sign-on to it, strongly.
		await b.getByTestId('tab-okr').click();
		const toggle = b.getByRole('radiogroup', {
			name: 'Single sign-on moves Close 10 enterprise deals'
		});
		await toggle.getByRole('radio', { name: 'Strong' }).check();

		// Ada's map draws the link, as wide as a strong one; Dark mode is flagged unaligned.
		await expect(
			a.locator(`[data-testid^="okr-link-"][data-testid$="-idea:${sso}"]`)
		).toHaveAttribute('data-width', '8');
		await expect(a.getByTestId(`okr-map-idea-${sso}`)).not.toContainText('Unaligned');
		await expect(a.getByTestId(`unaligned-${dark}`)).toBeVisible();
		await expect(a.getByTestId('okr-coverage')).toContainText('100 %');

		for (const context of room.contexts) await context.close();
	});
});

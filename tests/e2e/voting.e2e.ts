import { expect, test } from './fixtures.ts';
import {
	addIdea,
	centre,
	drag,
	matrixPoint,
	openSetup,
	workshopWithGuests,
	type Person
} from './steps.ts';

const ADA: Person = { name: 'Ada Facilitator', function: 'Product' };
const BEA: Person = { name: 'Bea Engineer', function: 'Engineering' };
const CY: Person = { name: 'Cy Sales', function: 'Sales' };

test('a participant’s RICE estimate is checked as typed and ranks in the facilitator’s table after reveal', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'RICE workshop', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const ideaId = await addIdea(a, 'Single sign-on');

	// The facilitator turns RICE on; scoring frameworks start blind.
	const setup = await openSetup(a);
	await setup.getByTestId('enable-rice').check();
	await expect(setup.getByTestId('setting-blind')).toBeChecked();
	await expect(b.getByTestId('tab-rice')).toBeVisible();

	// Bea opens RICE and types an effort of 0: told at once, nothing sent.
	await b.getByTestId('tab-rice').click();
	const row = b.getByTestId(`estimate-${ideaId}`);
	await row.getByLabel('Reach').fill('1000');
	await row.getByLabel('Impact').selectOption('2');
	await row.getByLabel('Confidence').selectOption('80');
	await row.getByLabel('Effort').fill('0');
	await expect(b.getByTestId(`estimate-error-${ideaId}`)).toContainText(
		'Effort must be more than 0 and at most 1000 person-months'
	);
	await expect(row.getByLabel('Effort')).toHaveAttribute('aria-invalid', 'true');
	await a.getByTestId('tab-rice').click();
	await expect(a.getByTestId(`votes-${ideaId}`)).toHaveText('0 of 2 voted');

	// She fixes it: her own score shows, the facilitator sees one vote but no score yet.
	await row.getByLabel('Effort').fill('4');
	await expect(b.getByTestId(`estimate-error-${ideaId}`)).toHaveCount(0);
	await expect(b.getByTestId(`own-score-${ideaId}`)).toContainText('400');
	await expect(a.getByTestId(`votes-${ideaId}`)).toHaveText('1 of 2 voted');
	await expect(a.getByTestId('results-hidden')).toBeVisible();
	await expect(a.getByTestId(`result-${ideaId}`)).toHaveCount(0);

	// The facilitator reveals: the ranked table holds her estimate, 1000 × 2 × 80 % ÷ 4 = 400.
	await a.getByRole('button', { name: 'Reveal RICE results' }).first().click();
	const result = a.getByTestId(`result-${ideaId}`);
	await expect(result).toHaveAttribute('data-score', '400');
	await expect(result).toHaveAttribute('data-rank', '1');
	await expect(result).toContainText('1 of 2');

	// The Ranking page ranks by RICE with the same score.
	await a.getByTestId('tab-ranking').click();
	await a.getByLabel('Rank by').selectOption('rice');
	await expect(a.getByTestId(`ranking-row-${ideaId}`)).toHaveAttribute('data-score', '400');

	// Locking the session freezes Bea's inputs, with the reason.
	await a.getByTestId('setting-locked').check();
	await expect(row.getByLabel('Effort')).toBeDisabled();
	await expect(b.getByTestId('voting-note')).toContainText('locked');

	for (const context of room.contexts) await context.close();
});

test('blind voting shows only how many voted until the reveal, then the scores', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Blind workshop', ADA, [BEA, CY]);
	const [a, b, c] = [room.host, ...room.guests];
	const ideaId = await addIdea(a, 'Offline mode');
	const setup = await openSetup(a);
	await setup.getByTestId('enable-ice').check();
	await expect(setup.getByTestId('setting-blind')).toBeChecked();

	await b.getByTestId('tab-ice').click();
	const row = b.getByTestId(`estimate-${ideaId}`);
	await row.getByLabel('Impact').fill('8');
	await row.getByLabel('Confidence').fill('5');
	await row.getByLabel('Ease').fill('2');
	await expect(b.getByTestId(`own-score-${ideaId}`)).toContainText('80');

	// Cy sees that one of three voted, and no score anywhere.
	await c.getByTestId('tab-ice').click();
	await expect(c.getByTestId(`votes-${ideaId}`)).toHaveText('1 of 3 voted');
	await expect(c.getByTestId('voted-ice')).toContainText('1 of 3');
	await expect(c.getByTestId('results-hidden')).toBeVisible();
	await expect(c.getByTestId(`result-${ideaId}`)).toHaveCount(0);
	await expect(c.getByTestId('panel-ice')).not.toContainText('80');
	await c.getByTestId('tab-ranking').click();
	await expect(c.getByTestId('ranking-hidden')).toBeVisible();

	// After the reveal, Cy sees the score, in the ICE tab and on the Ranking page.
	await a.getByTestId('tab-ice').click();
	await a.getByRole('button', { name: 'Reveal ICE results' }).first().click();
	await expect(c.getByTestId(`ranking-row-${ideaId}`)).toHaveAttribute('data-score', '80');
	await c.getByTestId('tab-ice').click();
	await expect(c.getByTestId(`result-${ideaId}`)).toHaveAttribute('data-score', '80');

	for (const context of room.contexts) await context.close();
});

test('blind voting: the facilitator reveals one idea, the others still show only a count', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Idea reveal workshop', ADA, [BEA, CY]);
	const [a, b, c] = [room.host, ...room.guests];
	const shown = await addIdea(a, 'Offline mode');
	const kept = await addIdea(a, 'Dark mode');
	const setup = await openSetup(a);
	await setup.getByTestId('enable-ice').check();
	await expect(setup.getByTestId('setting-blind')).toBeChecked();

	await b.getByTestId('tab-ice').click();
	for (const [ideaId, impact] of [
		[shown, '8'],
		[kept, '6']
	]) {
		const row = b.getByTestId(`estimate-${ideaId}`);
		await row.getByLabel('Impact').fill(impact);
		await row.getByLabel('Confidence').fill('5');
		await row.getByLabel('Ease').fill('2');
	}
	await expect(b.getByTestId(`own-score-${kept}`)).toContainText('60');

	await c.getByTestId('tab-ice').click();
	await expect(c.getByTestId(`votes-${kept}`)).toHaveText('1 of 3 voted');
	await expect(c.getByTestId(`result-${shown}`)).toHaveCount(0);

	// The facilitator reveals “Offline mode” alone, from the keyboard.
	await a.getByTestId('tab-ice').click();
	await a.getByTestId('reveal-ideas').getByText('Reveal one idea at a time').click();
	const reveal = a.getByRole('button', { name: 'Reveal “Offline mode”' });
	await reveal.focus();
	await reveal.press('Enter');
	await expect(a.getByRole('button', { name: 'Hide “Offline mode” again' })).toBeVisible();

	// Cy sees its score, unranked; “Dark mode” still shows only how many voted.
	const result = c.getByTestId(`result-${shown}`);
	await expect(result).toHaveAttribute('data-score', '80');
	await expect(result.locator('.rank')).toHaveText('–');
	await expect(c.getByTestId(`result-${kept}`)).toHaveCount(0);
	await expect(c.getByTestId(`votes-${kept}`)).toHaveText('1 of 3 voted');
	await expect(c.getByTestId('results-hidden')).toBeVisible();
	await expect(c.getByTestId('panel-ice')).not.toContainText('60');

	for (const context of room.contexts) await context.close();
});

test('blind RICE on a phone: a revealed idea shows its group score beside the participant’s inputs, the others only a count', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Revealed input workshop', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const shown = await addIdea(a, 'Single sign-on');
	const kept = await addIdea(a, 'Dark mode');
	const setup = await openSetup(a);
	await setup.getByTestId('enable-rice').check();
	await expect(setup.getByTestId('setting-blind')).toBeChecked();
	await a.getByRole('button', { name: 'Close setup' }).click();

	// Bea estimates on a phone, where the ranking is a scroll away from her inputs:
	// Single sign-on 1000 × 2 × 80 % ÷ 4 = 400, Dark mode 500 × 1 × 100 % ÷ 2 = 250.
	await b.setViewportSize({ width: 390, height: 844 });
	await b.getByTestId('tab-rice').click();
	for (const [ideaId, reach, impact, confidence, effort] of [
		[shown, '1000', '2', '80', '4'],
		[kept, '500', '1', '100', '2']
	]) {
		const row = b.getByTestId(`estimate-${ideaId}`);
		await row.getByLabel('Reach').fill(reach);
		await row.getByLabel('Impact').selectOption(impact);
		await row.getByLabel('Confidence').selectOption(confidence);
		await row.getByLabel('Effort').fill(effort);
	}
	await expect(b.getByTestId(`own-score-${kept}`)).toContainText('250');

	// Blind: each row shows only how many voted.
	await expect(b.getByTestId(`votes-${shown}`)).toHaveText('1 of 2 voted');
	await expect(b.getByTestId(`group-${shown}`)).toHaveCount(0);
	await expect(b.getByTestId(`estimate-${shown}`)).not.toContainText('Group');

	// Ada reveals Single sign-on alone: its row shows the group score beside the count.
	await a.getByTestId('tab-rice').click();
	await a.getByTestId('reveal-ideas').getByText('Reveal one idea at a time').click();
	await a.getByRole('button', { name: 'Reveal “Single sign-on”' }).click();
	const group = b.getByTestId(`group-${shown}`);
	await expect(group).toHaveText('Group 400');
	await expect(group).toBeVisible();
	await expect(b.getByTestId(`estimate-${shown}`)).toContainText('Group 400, 1 of 2 voted');
	await expect(b.getByTestId(`result-${shown}`)).toHaveAttribute('data-score', '400');

	// Dark mode, not revealed, still shows only the count.
	await expect(b.getByTestId(`group-${kept}`)).toHaveCount(0);
	await expect(b.getByTestId(`votes-${kept}`)).toHaveText('1 of 2 voted');
	await expect(b.getByTestId(`estimate-${kept}`)).not.toContainText('Group');

	// Revealing the whole framework shows Dark mode's group score too.
	await a.getByRole('button', { name: 'Reveal RICE results' }).first().click();
	await expect(b.getByTestId(`group-${kept}`)).toHaveText('Group 250');
	await expect(b.getByTestId(`votes-${kept}`)).toHaveText('1 of 2 voted');

	for (const context of room.contexts) await context.close();
});

test('blind scorecard, MoSCoW, dots and buy-a-feature: a participant sees the one idea the facilitator revealed, and only a count for the others', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Idea reveal views', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const sso = await addIdea(a, 'Single sign-on');
	const dark = await addIdea(a, 'Dark mode');
	const setup = await openSetup(a);
	for (const framework of ['scorecard', 'moscow', 'dots', 'budget']) {
		await setup.getByTestId(`enable-${framework}`).check();
	}
	await expect(setup.getByTestId('setting-blind')).toBeChecked();
	await a.getByRole('button', { name: 'Close setup' }).click();

	/** Opens a framework's "Reveal one idea at a time" list in the facilitator's room. */
	const revealList = async (framework: string) => {
		await a.getByTestId(`tab-${framework}`).click();
		await a.getByTestId('reveal-ideas').getByText('Reveal one idea at a time').click();
	};

	// Bea scores both ideas on the suggested criteria, one idea at a time (the room's column is
	// too narrow for the grid): Single sign-on (15·5 + 15·1) / 30 = 3.00, Dark mode 2.00.
	await b.getByTestId('tab-scorecard').click();
	const pick = async (index: number) => b.getByLabel('Idea to score').selectOption({ index });
	const score = (idea: string, criterion: string, value: number) =>
		b
			.getByTestId(`score-${idea}-${criterion}`)
			.getByRole('radio', { name: String(value) })
			.check();
	await pick(0);
	await score(sso, 'market-demand', 5);
	await score(sso, 'technical-feasibility', 1);
	await pick(1);
	await score(dark, 'market-demand', 2);
	await expect(b.getByTestId(`votes-${dark}`)).toHaveText('1 of 2 voted');

	// Ada reveals Single sign-on alone, from the keyboard.
	await revealList('scorecard');
	const reveal = a.getByRole('button', { name: 'Reveal “Single sign-on”' });
	await reveal.focus();
	await reveal.press('Enter');
	await expect(a.getByRole('button', { name: 'Hide “Single sign-on” again' })).toBeVisible();

	// Bea sees its composite, unranked; Dark mode still shows only how many scored it.
	const bar = b.getByTestId(`scorecard-bar-${sso}`);
	await expect(bar).toHaveAttribute('aria-label', /^Unranked: Single sign-on, composite 3\.00/);
	await expect(bar).not.toHaveAttribute('data-rank');
	await expect(b.getByTestId(`scorecard-bar-${dark}`)).toHaveCount(0);
	await expect(b.getByTestId('results-hidden')).toBeVisible();
	await expect(b.getByTestId('results-revealed')).toHaveText(
		'One idea revealed on its own is shown below, unranked until every idea is revealed.'
	);
	await expect(b.getByTestId(`votes-${dark}`)).toHaveText('1 of 2 voted');
	// Her inputs show the revealed composite beside the count, Dark mode's only the count.
	await expect(b.getByTestId(`group-${dark}`)).toHaveCount(0);
	await pick(0);
	await expect(b.getByTestId(`group-${sso}`)).toHaveText('Group 3.00');
	await expect(b.getByTestId(`votes-${sso}`)).toHaveText('1 of 2 voted');

	// MoSCoW: Bea sorts both; Ada reveals Dark mode with the mouse.
	await b.getByTestId('tab-moscow').click();
	await b.getByTestId(`moscow-select-${sso}`).selectOption('must');
	await b.getByTestId(`moscow-select-${dark}`).selectOption('could');
	await revealList('moscow');
	await a.getByRole('button', { name: 'Reveal “Dark mode”' }).click();
	await expect(b.getByTestId(`moscow-consensus-${dark}`)).toHaveText('Group: Could · 100 %');
	await expect(b.getByTestId(`moscow-result-${dark}`)).toContainText('100 % agree');
	await expect(b.getByTestId(`votes-${dark}`)).toHaveCount(0);
	await expect(b.getByTestId(`votes-${sso}`)).toHaveText('1 of 2 voted');
	await expect(b.getByTestId(`moscow-consensus-${sso}`)).toHaveCount(0);
	await expect(b.getByTestId(`moscow-result-${sso}`)).toHaveCount(0);

	// Dots: Bea puts two on Single sign-on and one on Dark mode; Ada reveals Dark mode.
	await b.getByTestId('tab-dots').click();
	await b.getByTestId(`dots-plus-${sso}`).click();
	await b.getByTestId(`dots-plus-${sso}`).click();
	await b.getByTestId(`dots-plus-${dark}`).click();
	await expect(b.getByTestId(`votes-${sso}`)).toHaveText('1 of 2 voted');
	await revealList('dots');
	await a.getByRole('button', { name: 'Reveal “Dark mode”' }).click();
	await expect(b.getByTestId(`dots-total-${dark}`)).toHaveText('1 dot in all');
	await expect(b.getByTestId(`dots-rank-${dark}`).locator('.rank')).toHaveText('–');
	await expect(b.getByTestId(`dots-total-${sso}`)).toHaveCount(0);
	await expect(b.getByTestId(`dots-rank-${sso}`)).toHaveCount(0);
	await expect(b.getByTestId(`votes-${sso}`)).toHaveText('1 of 2 voted');

	// Hidden again, Dark mode is back to its count.
	await a.getByRole('button', { name: 'Hide “Dark mode” again' }).click();
	await expect(b.getByTestId(`dots-total-${dark}`)).toHaveCount(0);
	await expect(b.getByTestId(`votes-${dark}`)).toHaveText('1 of 2 voted');

	// Buy a feature: Bea pledges 30 to Dark mode; once Ada reveals it, Bea sees the group's pledges.
	await b.getByTestId('tab-budget').click();
	await b.getByTestId(`pledge-${dark}`).fill('30');
	await b.getByTestId(`pledge-${dark}`).press('Enter');
	await expect(b.getByTestId(`votes-${dark}`)).toHaveText('1 of 2 voted');
	await revealList('budget');
	await a.getByRole('button', { name: 'Reveal “Dark mode”' }).click();
	await expect(b.getByTestId(`budget-row-${dark}`)).toContainText('Group: 30 pledged · 1 backer');
	await expect(b.getByTestId(`votes-${dark}`)).toHaveCount(0);
	await expect(b.getByTestId(`budget-row-${sso}`)).not.toContainText('Group:');
	await expect(b.getByTestId(`votes-${sso}`)).toHaveText('0 of 2 voted');

	for (const context of room.contexts) await context.close();
});

test('the matrix median of two participants moves in the facilitator’s room after a drag', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Matrix workshop', ADA, [BEA, CY]);
	const [a, b, c] = [room.host, ...room.guests];
	const ideaId = await addIdea(a, 'Dark mode');

	await drag(
		b,
		await centre(b.getByTestId(`tray-${ideaId}`)),
		await matrixPoint(b, { value: 80, effort: 20 })
	);
	await drag(
		c,
		await centre(c.getByTestId(`tray-${ideaId}`)),
		await matrixPoint(c, { value: 40, effort: 60 })
	);
	const own = (page: typeof b) => page.getByTestId(`own-point-${ideaId}`);
	const at = async (page: typeof b) => ({
		value: Number(await own(page).getAttribute('data-value')),
		effort: Number(await own(page).getAttribute('data-effort'))
	});
	await expect(own(b)).toBeVisible();
	await expect(own(c)).toBeVisible();

	// The facilitator's median is the per-axis median of the two ballots (their midpoint).
	const median = a.getByTestId(`median-${ideaId}`);
	await expect(median).toHaveAttribute('data-count', '2');
	const [pb, pc] = [await at(b), await at(c)];
	const medianAt = (axis: 'value' | 'effort') => async () =>
		Number(await median.getAttribute(`data-${axis}`));
	await expect.poll(medianAt('value')).toBeCloseTo((pb.value + pc.value) / 2, 6);
	await expect.poll(medianAt('effort')).toBeCloseTo((pb.effort + pc.effort) / 2, 6);

	// Bea drags her point down and right; the median follows in the facilitator's room.
	await drag(
		b,
		await centre(own(b).locator('circle.dot')),
		await matrixPoint(b, { value: 10, effort: 90 })
	);
	await expect.poll(async () => (await at(b)).value).toBeLessThan(20);
	const moved = await at(b);
	await expect.poll(medianAt('value')).toBeCloseTo((moved.value + pc.value) / 2, 6);
	await expect.poll(medianAt('effort')).toBeCloseTo((moved.effort + pc.effort) / 2, 6);

	for (const context of room.contexts) await context.close();
});

import type { BrowserContext, Page } from '@playwright/test';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { connectClient, whenSynced } from '../helpers/clients.ts';
import { expect, test } from './fixtures.ts';
import { addIdea, centre, drag, workshopWithGuests, type Person } from './steps.ts';

// Two or three browser contexts per test on a shared 2-core machine: give them time.
test.describe.configure({ timeout: 180_000 });

const ADA: Person = { name: 'Ada Facilitator', function: 'Product' };
const BEA: Person = { name: 'Bea Engineer', function: 'Engineering' };

/**
 * Scores the ideas in RICE as the facilitator, through the sync server with her session (the
 * voting UI has its own tests): each idea gets an effort in person-months, and the first idea
 * ranks best.
 */
async function scoreInRice(context: BrowserContext, workshopId: string, ideas: [string, number][]) {
	const cookie = (await context.cookies()).find((c) => c.name === 'converge_session')!;
	const header = `${cookie.name}=${cookie.value}`;
	const sync = `${process.env.CONVERGE_URL!.replace('http', 'ws')}/sync`;
	const me = await (await context.request.get('/api/v1/me')).json();
	const control = connectClient(sync, `${workshopId}/control`, header);
	const ballot = connectClient(sync, `${workshopId}/ballot/${me.user.id}`, header);
	await Promise.all([control, ballot].map((c) => whenSynced(c.provider)));
	control.doc.getMap('settings').set('frameworks', ['rice']);
	ideas.forEach(([id, effort], i) =>
		setEntry(ballot.doc, 'rice', id, { reach: 1000 - i * 100, impact: 1, confidence: 100, effort })
	);
	return () => [control, ballot].forEach((c) => c.provider.destroy());
}

const column = (page: Page, horizon: string) => page.getByTestId(`roadmap-column-${horizon}`);
const card = (page: Page, horizon: string, title: string) =>
	column(page, horizon).getByTestId('roadmap-card').filter({ hasText: title });

test('the facilitator sets capacity and pins cards; the participant sees the roadmap follow', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Roadmap workshop', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const sso = await addIdea(a, 'Single sign-on');
	const audit = await addIdea(a, 'Audit log');
	const dark = await addIdea(a, 'Dark mode');
	// RICE scores 1000/2, 900/3, 800/8: SSO, Audit log, Dark mode in that order.
	const close = await scoreInRice(room.contexts[0], room.id, [
		[sso, 2],
		[audit, 3],
		[dark, 8]
	]);
	try {
		await a.getByTestId('tab-roadmap').click();
		await b.getByTestId('tab-roadmap').click();
		await expect(b.getByTestId('roadmap-setup')).toHaveCount(0);
		// No limits yet: everything fits in Now.
		await expect(card(b, 'now', 'Dark mode')).toBeVisible();

		// Now takes 5 effort units: SSO (2) and Audit log (3) fit, Dark mode (8) moves to Next.
		const setup = a.getByTestId('roadmap-setup');
		await setup.getByLabel('Now').fill('-3');
		await setup.getByLabel('Now').press('Enter');
		await expect(setup.getByRole('alert')).toContainText('0 or more');
		await setup.getByLabel('Now').fill('5');
		await setup.getByLabel('Now').press('Enter');
		await expect(setup.getByRole('alert')).toHaveCount(0);
		await expect(b.getByTestId('roadmap-used-now')).toHaveText('5 of 5');
		await expect(card(b, 'next', 'Dark mode')).toContainText('Rank 3');
		await expect(card(b, 'now', 'Single sign-on')).toContainText('fits Now (2 of 5 used)');

		// The facilitator drags Dark mode into Now: pinned there first, whatever its size, so Now is
		// over capacity and the ideas placed by rank move on to Next.
		const handle = card(a, 'next', 'Dark mode').getByRole('button', { name: /Move Dark mode/ });
		await handle.scrollIntoViewIfNeeded();
		await drag(a, await centre(handle), await centre(column(a, 'now').getByRole('heading')));
		await expect(card(b, 'now', 'Dark mode')).toContainText('Pinned to Now by the facilitator');
		await expect(column(b, 'now')).toContainText('Over capacity by 3');
		await expect(b.getByTestId('roadmap-used-now')).toHaveText('8 of 5');
		await expect(b.getByTestId('capacity-chart')).toContainText('3 over');
		await expect(card(b, 'next', 'Single sign-on')).toContainText('Rank 1');

		// With the keyboard: Audit log's handle and the left arrow pin it to Now.
		await card(a, 'next', 'Audit log')
			.getByRole('button', { name: /Move Audit log/ })
			.focus();
		await a.keyboard.press('ArrowLeft');
		await expect(card(b, 'now', 'Audit log')).toContainText('Pinned to Now');
		await expect(b.getByTestId('roadmap-used-now')).toHaveText('11 of 5');
		// The keyboard stays on the card in its new place.
		await expect(
			card(a, 'now', 'Audit log').getByRole('button', { name: /Move Audit log/ })
		).toBeFocused();

		// From the card's menu: Dark mode goes back to its place by rank, which is Next now.
		await card(a, 'now', 'Dark mode').getByLabel('Place Dark mode').selectOption('auto');
		await expect(card(b, 'next', 'Dark mode')).toBeVisible();
		await expect(card(b, 'next', 'Dark mode')).not.toContainText('Pinned');
		await expect(b.getByTestId('roadmap-used-now')).toHaveText('5 of 5');
	} finally {
		close();
		for (const context of room.contexts) await context.close();
	}
});

test('versions: a named version is saved, compared with a later one, and restored as a new change', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Versions workshop', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const sso = await addIdea(a, 'Single sign-on');
	const close = await scoreInRice(room.contexts[0], room.id, [[sso, 2]]);
	try {
		await a.getByTestId('tab-roadmap').click();
		const panel = a.getByTestId('versions-panel');
		await panel.getByRole('button', { name: 'Save version' }).click();
		await expect(panel.getByRole('alert')).toContainText('Give the version a name');
		await panel.getByLabel('Version name').fill('After Q3 workshop');
		await panel.getByRole('button', { name: 'Save version' }).click();
		await expect(panel.getByRole('status')).toContainText('Saved “After Q3 workshop”');

		await addIdea(a, 'Dark mode');
		await panel.getByLabel('Version name').fill('With dark mode');
		await panel.getByRole('button', { name: 'Save version' }).click();
		await expect(panel.getByTestId('version-item')).toHaveCount(2);

		// Participants read the history too, without the facilitator's buttons.
		await b.getByTestId('tab-roadmap').click();
		const theirs = b.getByTestId('versions-panel');
		await expect(theirs.getByTestId('version-item')).toHaveCount(2);
		await expect(theirs.getByRole('button', { name: /Restore/ })).toHaveCount(0);

		// Compare the first with the second: Dark mode was added.
		// The list is newest first.
		await panel.getByLabel('Compare', { exact: true }).selectOption({ index: 1 });
		await panel.getByLabel('with', { exact: true }).selectOption({ index: 0 });
		await panel.getByRole('button', { name: 'Compare' }).click();
		const diff = panel.getByTestId('version-diff');
		await expect(diff).toContainText('1 change');
		await expect(diff).toContainText('Added “Dark mode”');

		// Open the first one read-only: marked as a past version.
		await panel.getByRole('button', { name: 'Open After Q3 workshop' }).click();
		const preview = panel.getByTestId('version-preview');
		await expect(preview).toContainText('Past version · read-only');
		await expect(preview).toContainText('Single sign-on');
		await expect(preview).not.toContainText('Dark mode');

		// Restore it: the confirmation says it is a new change and the history stays.
		await panel.getByRole('button', { name: 'Restore After Q3 workshop' }).click();
		const dialog = a.getByRole('dialog');
		await expect(dialog).toContainText('as a new change that everyone in the room sees');
		await expect(dialog).toContainText('every version stays in the history');
		await dialog.getByRole('button', { name: 'Restore as a new change' }).click();
		await expect(panel.getByRole('status')).toContainText('Restored “After Q3 workshop”');
		// Everyone sees the idea go, and the state before the restore is in the history.
		await expect(b.getByTestId('idea')).toHaveCount(1);
		await expect(panel.getByTestId('version-item').first()).toContainText(
			'Before restoring “After Q3 workshop”'
		);
		await expect(panel.getByTestId('version-item')).toHaveCount(3);
	} finally {
		close();
		for (const context of room.contexts) await context.close();
	}
});

test('marking the workshop decided: the record is on the executive link, without JavaScript, and re-opening keeps it', async ({
	browser,
	baseURL
}) => {
	const room = await workshopWithGuests(browser, baseURL, 'Decision workshop', ADA, [BEA]);
	const [a, b] = [room.host, ...room.guests];
	const sso = await addIdea(a, 'Single sign-on');
	const close = await scoreInRice(room.contexts[0], room.id, [[sso, 2]]);
	try {
		await a.getByPlaceholder('Label, e.g. Leadership team').fill('Board');
		await a.getByRole('button', { name: 'Create link' }).click();
		const url = await a.getByTestId('share-link').inputValue();

		await a.getByTestId('tab-roadmap').click();
		await b.getByTestId('tab-roadmap').click();
		const panel = a.getByTestId('decision-panel');
		await panel.getByRole('button', { name: 'Mark as decided' }).click();
		await expect(panel.getByRole('alert')).toContainText('Write why the room decided this');
		await panel.getByLabel('Rationale').fill('SSO unblocks the enterprise deals this quarter.');
		await panel.getByRole('button', { name: 'Mark as decided' }).click();
		await expect(panel.getByTestId('decision-standing')).toContainText('Decided');
		// The participant's room hears of it live.
		await expect(b.getByTestId('decision-standing')).toContainText('SSO unblocks');

		// The room links to the record.
		await b.getByRole('link', { name: 'Open the decision record' }).click();
		const record = b.getByTestId('decision-record');
		await expect(record).toContainText('SSO unblocks the enterprise deals this quarter.');
		await expect(record).toContainText('RICE');
		await expect(record).toContainText('Engineering');

		const noScript = await browser.newContext({ javaScriptEnabled: false });
		const executive = await noScript.newPage();
		await executive.goto(url);
		const shown = executive.getByTestId('decision-record');
		await expect(shown).toContainText('Decision record');
		await expect(shown.getByTestId('decision-rationale')).toHaveText(
			'SSO unblocks the enterprise deals this quarter.'
		);
		await expect(shown).toContainText('Ranked by');
		await expect(shown).toContainText('Product');
		await expect(shown).toContainText('Ada Facilitator');
		await expect(shown).toContainText('Single sign-on');

		// Re-opened: the executive page shows no standing decision, and keeps the old one below.
		await panel.getByRole('button', { name: 'Re-open…' }).click();
		await panel.getByLabel('Why re-open? (optional)').fill('New numbers from Sales');
		await panel.getByRole('button', { name: 'Re-open the decision' }).click();
		await expect(panel.getByRole('button', { name: 'Mark as decided' })).toBeVisible();
		await executive.reload();
		await expect(
			executive.getByRole('heading', { name: 'Earlier decisions, re-opened' })
		).toBeVisible();
		await expect(executive.getByText('New numbers from Sales')).toBeAttached();
		await noScript.close();
	} finally {
		close();
		for (const context of room.contexts) await context.close();
	}
});

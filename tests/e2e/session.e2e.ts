import type { Browser } from '@playwright/test';
import { startServerProcess } from '../helpers/server-process.ts';
import { expect, test } from './fixtures.ts';
import {
	addIdea,
	createWorkshop,
	expectLive,
	inviteLink,
	joinAsGuest,
	seriousViolations,
	signUp,
	workshopWithGuests
} from './steps.ts';

/**
 * A facilitated session as issue 16 asks it to hold up: a facilitator at a laptop and people on
 * laptops and 390×844 touch phones.
 */

const ADA = { name: 'Ada Facilitator', function: 'Product' };
const BEA = { name: 'Bea Engineer', function: 'Engineering' };
const CY = { name: 'Cy Sales', function: 'Sales' };

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** The facilitator at a laptop with a new workshop, and Cy, who joined it on a phone. */
async function facilitatorAndPhone(browser: Browser, baseURL: string | undefined, title: string) {
	const contexts = [
		await browser.newContext({ baseURL }),
		await browser.newContext({ baseURL, ...PHONE })
	];
	const [ada, cy] = await Promise.all(contexts.map((context) => context.newPage()));
	await signUp(ada, ADA);
	const workshopId = await createWorkshop(ada, title);
	const link = await inviteLink(ada);
	await joinAsGuest(cy, link, CY);
	return {
		ada,
		cy,
		workshopId,
		close: async () => {
			for (const context of contexts) await context.close();
		}
	};
}

test('[RM1] a follower on a phone is not scrolled when the facilitator clicks an idea, and can jump to it', async ({
	browser,
	baseURL
}) => {
	const { ada, cy, close } = await facilitatorAndPhone(
		browser,
		baseURL,
		'Follow without scrolling'
	);
	const ids: string[] = [];
	for (let i = 1; i <= 8; i++) ids.push(await addIdea(ada, `Idea number ${i}`));
	await expect(cy.getByTestId('following')).toBeVisible();

	// Cy is somewhere on the page, reading; the facilitator picks the last idea.
	await cy.evaluate(() => window.scrollTo(0, 200));
	const before = await cy.evaluate(() => window.scrollY);
	const last = ids[ids.length - 1];
	await ada.locator(`[data-testid="idea"][data-idea-id="${last}"]`).click();

	// Cy is offered the idea, and the page has not moved under Cy's finger.
	const jump = cy.getByTestId('follow-jump');
	await expect(jump).toBeVisible();
	await cy.waitForTimeout(500);
	expect(await cy.evaluate(() => window.scrollY)).toBe(before);

	// Asking for it brings it into view.
	await jump.tap();
	await expect(cy.locator(`[data-testid="idea"][data-idea-id="${last}"]`)).toBeInViewport();
	await expect(jump).toHaveCount(0);

	await close();
});

test('[RM2] the room leads with the idea box while collecting, on a laptop and a phone, and the facilitator steps through the phases', async ({
	browser,
	baseURL
}) => {
	const { ada, cy, close } = await facilitatorAndPhone(browser, baseURL, 'Phase-led room');
	await ada.reload();
	await expectLive(ada);

	// Collect: the idea box is on the first screen for both, without scrolling.
	for (const page of [ada, cy]) {
		await expect(page.getByPlaceholder('Add an idea…')).toBeInViewport();
	}
	await addIdea(cy, 'Dark mode');
	// The facilitator's panels are not in a participant's way.
	await expect(cy.getByRole('button', { name: 'Invite participants' })).toHaveCount(0);
	await expect(cy.getByTestId('next-phase')).toHaveCount(0);

	// The step button moves everyone on, and each phase leads with its own page.
	await ada.getByTestId('next-phase').click();
	for (const page of [ada, cy]) {
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'score');
		await expect(page.getByTestId('tab-matrix')).toHaveAttribute('aria-selected', 'true');
	}
	await expect(ada.getByTestId('next-phase')).toHaveText('Next: Discuss →');
	await ada.getByTestId('next-phase').click();
	for (const page of [ada, cy]) {
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'discuss');
		await expect(page.getByTestId('tab-consensus')).toHaveAttribute('aria-selected', 'true');
	}
	await ada.getByTestId('next-phase').click();
	for (const page of [ada, cy]) {
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'decide');
		await expect(page.getByTestId('tab-roadmap')).toHaveAttribute('aria-selected', 'true');
	}
	await expect(ada.getByTestId('next-phase')).toHaveCount(0);

	await close();
});

test('[RM3] participants delete only their own ideas, and a facilitator restores one they deleted while its author sees what happened', async ({
	browser,
	baseURL
}) => {
	const contexts = [
		await browser.newContext({ baseURL }),
		await browser.newContext({ baseURL }),
		await browser.newContext({ baseURL, ...PHONE })
	];
	const [ada, bea, cy] = await Promise.all(contexts.map((context) => context.newPage()));
	await signUp(ada, ADA);
	await createWorkshop(ada, 'Whose ideas');
	const link = await inviteLink(ada);
	await joinAsGuest(bea, link, BEA);
	await joinAsGuest(cy, link, CY);

	await addIdea(ada, 'Faster search');
	await addIdea(bea, 'Offline mode');
	const cyIdea = await addIdea(cy, 'Price calculator');
	await expect(bea.getByTestId('idea')).toHaveCount(3);

	// Bea may change her own idea, not anyone else's.
	await expect(bea.getByRole('button', { name: 'Delete “Offline mode”' })).toBeVisible();
	await expect(bea.getByRole('button', { name: 'Delete “Faster search”' })).toHaveCount(0);
	await expect(bea.getByRole('button', { name: 'Delete “Price calculator”' })).toHaveCount(0);
	await expect(bea.getByRole('button', { name: 'Edit “Price calculator”' })).toHaveCount(0);

	// The facilitator deletes Cy's idea: it leaves everyone's list, and Cy is told by whom.
	await ada.getByRole('button', { name: 'Delete “Price calculator”' }).click();
	for (const page of [ada, bea, cy]) await expect(page.getByTestId('idea')).toHaveCount(2);
	await expect(cy.getByTestId('recently-deleted')).toContainText('“Price calculator”');
	await expect(cy.getByTestId('recently-deleted')).toContainText(`was deleted by ${ADA.name}`);
	await expect(bea.getByTestId('recently-deleted')).toHaveCount(0);

	// Later (the Undo has gone), the facilitator restores it from "Recently deleted".
	const deleted = ada.getByTestId('recently-deleted');
	await deleted.locator('summary').click();
	expect(await seriousViolations(ada)).toEqual([]);
	expect(await seriousViolations(cy)).toEqual([]);
	await deleted.getByRole('button', { name: 'Restore “Price calculator”' }).click();
	for (const page of [ada, bea, cy]) {
		await expect(page.locator(`[data-testid="idea"][data-idea-id="${cyIdea}"]`)).toBeVisible();
	}
	await expect(cy.getByTestId('recently-deleted')).toHaveCount(0);
	await expect(ada.getByTestId('recently-deleted')).toHaveCount(0);

	for (const context of contexts) await context.close();
});

test('[RM4] five people fold into a stack that opens the full list, and someone who joins after voting closed is not counted as not voted', async ({
	browser,
	baseURL
}) => {
	const guests = [
		BEA,
		CY,
		{ name: 'Dee Design', function: 'Design' },
		{ name: 'Eve Support', function: 'Support' }
	];
	const { contexts, host: ada } = await workshopWithGuests(
		browser,
		baseURL,
		'A full room',
		ADA,
		guests
	);
	const link = await ada.getByTestId('invite-link-participant').inputValue();

	const stack = ada.getByTestId('presence-stack');
	await expect(stack).toContainText('In the room · 5');
	const list = ada.getByRole('list', { name: 'People in the room' });
	await expect(list).toBeHidden();
	await stack.click();
	await expect(list).toBeVisible();
	await expect(list.getByTestId('peer')).toHaveCount(5);

	// Voting closes with five who could vote; a sixth person joins afterwards.
	await ada.getByTestId('next-phase').click();
	await ada.getByTestId('next-phase').click();
	await expect(ada.getByTestId('phase')).toHaveAttribute('data-phase', 'discuss');
	await ada.getByTestId('tab-matrix').click();
	await expect(ada.getByTestId('voted-matrix')).toContainText('0 of 5');
	const lateContext = await browser.newContext({ baseURL });
	const late = await lateContext.newPage();
	await joinAsGuest(late, link, { name: 'Lou Late', function: 'Sales' });
	await expect(stack).toContainText('In the room · 6');
	await expect(ada.getByTestId('voted-matrix')).toContainText('0 of 5');

	for (const context of [...contexts, lateContext]) await context.close();
});

test('[RM5] the countdown stays in sight on a phone while the page scrolls', async ({
	browser,
	baseURL
}) => {
	const { ada, cy, workshopId, close } = await facilitatorAndPhone(
		browser,
		baseURL,
		'Sticky timer'
	);
	for (let i = 1; i <= 6; i++) await addIdea(ada, `Idea ${i}`);
	const response = await ada.request.post(`/api/v1/workshops/${workshopId}/timer`, {
		data: { action: 'start', seconds: 300 }
	});
	expect(response.ok()).toBe(true);
	await expect(cy.getByTestId('timer')).toBeInViewport();
	await cy.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
	await expect.poll(() => cy.evaluate(() => window.scrollY)).toBeGreaterThan(400);
	await expect(cy.getByTestId('timer')).toBeInViewport();

	await close();
});

test('[RM5] the framework harness is not reachable on a production server', async () => {
	const server = await startServerProcess({ CONVERGE_DEV_PAGES: '' });
	try {
		const response = await fetch(`${server.url}/dev/frameworks`);
		expect(response.status).toBe(404);
	} finally {
		await server.stop();
	}
});

test('[RM6] [RM7] a pasted list becomes ideas after a preview, and a comment on one arrives live on a phone', async ({
	browser,
	baseURL
}) => {
	const { ada, cy, close } = await facilitatorAndPhone(browser, baseURL, 'Lists and comments');

	await ada.getByRole('button', { name: 'Paste a list' }).click();
	const bulk = ada.getByTestId('bulk-ideas');
	await bulk
		.getByLabel('Paste a list: one idea per line')
		.fill('- Dark mode\n- SSO\n\n1. Offline mode\n- sso');
	await expect(bulk.getByTestId('bulk-preview')).toHaveText(['Dark mode', 'SSO', 'Offline mode']);
	await bulk.getByRole('button', { name: 'Add 3 ideas' }).click();
	for (const page of [ada, cy]) await expect(page.getByTestId('idea')).toHaveCount(3);

	// Cy opens the discussion of the first idea; Ada comments on it, and it arrives live.
	const cyThread = cy.getByTestId('idea').first().getByTestId('comments');
	await cyThread.getByTestId('comments-toggle').tap();
	const adaThread = ada.getByTestId('idea').first().getByTestId('comments');
	await adaThread.getByTestId('comments-toggle').click();
	await adaThread.getByPlaceholder('Add a comment…').fill('Support asks for this weekly');
	await adaThread.getByRole('button', { name: 'Send' }).click();
	await expect(cyThread.getByTestId('comment')).toHaveText(
		`${ADA.name} Support asks for this weekly`
	);
	await expect(cyThread.getByTestId('comments-toggle')).toContainText('1 comment');

	// Cy answers from the phone, and Ada sees it.
	await cyThread.getByPlaceholder('Add a comment…').fill('Sales too');
	await cyThread.getByRole('button', { name: 'Send' }).tap();
	await expect(adaThread.getByTestId('comment')).toHaveCount(2);
	await expect(adaThread.getByTestId('comment').last()).toContainText('Sales too');

	// The new panels (the thread open, the list box open, five-person stack) pass axe-core.
	await ada.getByRole('button', { name: 'Paste a list' }).click();
	expect(await seriousViolations(ada)).toEqual([]);
	expect(await seriousViolations(cy)).toEqual([]);

	await close();
});

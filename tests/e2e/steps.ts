import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, uniqueEmail } from './fixtures.ts';

/** Steps the end-to-end tests share: signing up, inviting, joining, and dragging on the matrix. */

export interface Person {
	name: string;
	function: string;
}

/** Signs up through the form; the page ends on the dashboard. */
export async function signUp(page: Page, person: Person): Promise<void> {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill(person.name);
	await page.getByLabel('Work email').fill(uniqueEmail(person.name.split(' ')[0].toLowerCase()));
	await page.getByLabel('Password').fill('correct horse battery');
	await page.getByLabel('Your function').selectOption(person.function);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { name: 'Your workshops' })).toBeVisible();
}

/**
 * Creates a workshop from the dashboard and waits for its room to be live; returns its id.
 * Scoring is open from the start (early scoring, [RM8]) unless `earlyScoring` is false: most
 * tests score while the workshop is still collecting ideas.
 */
export async function createWorkshop(
	page: Page,
	title: string,
	{ earlyScoring = true } = {}
): Promise<string> {
	await page.getByLabel('Title').fill(title);
	await page.getByRole('button', { name: 'Create workshop' }).click();
	await expect(page).toHaveURL(/\/w\/[a-z2-7]{16}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expectLive(page);
	if (earlyScoring) await allowEarlyScoring(page);
	return new URL(page.url()).pathname.split('/').pop()!;
}

/** Turns on early scoring in the facilitator's setup panel, and closes the panel again. */
export async function allowEarlyScoring(page: Page): Promise<void> {
	const panel = await openSetup(page);
	await panel.getByTestId('setting-early-scoring').check();
	await expect(panel.getByTestId('setting-early-scoring')).toBeChecked();
	await page.getByRole('button', { name: 'Close setup' }).click();
	await expect(panel).toBeHidden();
}

/** The room's connection badge says every document is synced. */
export async function expectLive(page: Page): Promise<void> {
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'connected');
}

/** Creates a participant invite link from the room's invite panel. */
export async function inviteLink(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Invite participants' }).click();
	const link = await page.getByTestId('invite-link-participant').inputValue();
	expect(link).toMatch(/\/join\/[a-z2-7]{32}$/);
	return link;
}

/** Follows an invite link as a guest and joins; the page ends in the live room. */
export async function joinAsGuest(page: Page, link: string, person: Person): Promise<void> {
	await page.goto(link);
	await page.getByLabel('Your name').fill(person.name);
	await page.getByLabel('Your function').selectOption(person.function);
	await page.getByRole('button', { name: 'Join workshop' }).click();
	await expect(page).toHaveURL(/\/w\/[a-z2-7]{16}$/);
	await expectLive(page);
}

/**
 * A facilitator with a new workshop and guests who joined it, each in their own browser context
 * (so their own session cookie).
 */
export async function workshopWithGuests(
	browser: Browser,
	baseURL: string | undefined,
	title: string,
	host: Person,
	guests: Person[]
): Promise<{ id: string; contexts: BrowserContext[]; host: Page; guests: Page[] }> {
	const hostContext = await browser.newContext({ baseURL });
	const hostPage = await hostContext.newPage();
	await signUp(hostPage, host);
	const id = await createWorkshop(hostPage, title);
	const link = await inviteLink(hostPage);
	const contexts = [hostContext];
	const guestPages: Page[] = [];
	for (const guest of guests) {
		const context = await browser.newContext({ baseURL });
		const page = await context.newPage();
		await joinAsGuest(page, link, guest);
		contexts.push(context);
		guestPages.push(page);
	}
	return { id, contexts, host: hostPage, guests: guestPages };
}

/** Adds an idea from the room's composer and returns its id. */
export async function addIdea(page: Page, title: string): Promise<string> {
	const before = await page.getByTestId('idea').count();
	await page.getByPlaceholder('Add an idea…').fill(title);
	await page.getByPlaceholder('Add an idea…').press('Enter');
	await expect(page.getByTestId('idea')).toHaveCount(before + 1);
	const id = await page.getByTestId('idea').last().getAttribute('data-idea-id');
	expect(id).toBeTruthy();
	return id!;
}

/** Opens the facilitator's setup panel (if closed). */
export async function openSetup(page: Page): Promise<Locator> {
	const panel = page.getByTestId('setup-panel');
	if (!(await panel.isVisible()))
		await page.getByRole('button', { name: 'Setup', exact: true }).click();
	await expect(panel).toBeVisible();
	return panel;
}

/** The centre of an element, in page coordinates. */
export async function centre(locator: Locator) {
	const box = await locator.boundingBox();
	if (!box) throw new Error('element is not visible');
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A page coordinate inside the matrix plot for a value and an effort (0–100 each). */
export async function matrixPoint(page: Page, at: { value: number; effort: number }) {
	const plot = page.locator('svg rect.hit');
	const box = await plot.boundingBox();
	if (!box) throw new Error('matrix is not visible');
	return {
		x: box.x + (box.width * at.effort) / 100,
		y: box.y + box.height * (1 - at.value / 100)
	};
}

export async function drag(
	page: Page,
	from: { x: number; y: number },
	to: { x: number; y: number }
) {
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move(to.x, to.y, { steps: 12 });
	await page.mouse.up();
}

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) =>
			v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target}: ${n.any[0]?.message ?? v.help}`)
		);
}

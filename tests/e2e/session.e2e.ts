import { expect, test } from './fixtures.ts';
import { addIdea, createWorkshop, inviteLink, joinAsGuest, signUp } from './steps.ts';

/**
 * A facilitated session as issue 16 asks it to hold up: a facilitator at a laptop and people on
 * laptops and 390×844 touch phones.
 */

const ADA = { name: 'Ada Facilitator', function: 'Product' };
const CY = { name: 'Cy Sales', function: 'Sales' };

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

test('[RM1] a follower on a phone is not scrolled when the facilitator clicks an idea, and can jump to it', async ({
	browser,
	baseURL
}) => {
	const adaContext = await browser.newContext({ baseURL });
	const cyContext = await browser.newContext({ baseURL, ...PHONE });
	const ada = await adaContext.newPage();
	const cy = await cyContext.newPage();
	await signUp(ada, ADA);
	await createWorkshop(ada, 'Follow without scrolling');
	const link = await inviteLink(ada);
	const ids: string[] = [];
	for (let i = 1; i <= 8; i++) ids.push(await addIdea(ada, `Idea number ${i}`));
	await joinAsGuest(cy, link, CY);
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

	await adaContext.close();
	await cyContext.close();
});

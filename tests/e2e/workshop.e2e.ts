import { expect, test, uniqueEmail } from './fixtures.ts';
import {
	addIdea,
	allowEarlyScoring,
	centre,
	createWorkshop,
	drag,
	expectLive,
	inviteLink,
	matrixPoint,
	signUp
} from './steps.ts';

test('two people in one workshop: invite, join as a guest, add an idea, place it, see the median move', async ({
	browser,
	baseURL
}) => {
	const facilitator = await browser.newContext({ baseURL });
	const guest = await browser.newContext({ baseURL });
	const a = await facilitator.newPage();
	const b = await guest.newPage();

	// A signs up through the form and creates a workshop.
	await signUp(a, { name: 'Ada Facilitator', function: 'Product' });
	await expect(a.getByText('No workshops yet')).toBeVisible();
	await createWorkshop(a, 'Q3 roadmap');

	// A invites participants and reads the link.
	const link = await inviteLink(a);

	// B, not signed in, follows the link and joins as a guest.
	await b.goto(link);
	await expect(b.getByRole('heading', { name: 'Q3 roadmap' })).toBeVisible();
	await expect(b.getByText('Participant', { exact: true })).toBeVisible();
	await b.getByLabel('Your name').fill('Bea Engineer');
	await b.getByLabel('Your function').selectOption('Engineering');
	await b.getByRole('button', { name: 'Join workshop' }).click();
	await expect(b).toHaveURL(new URL(a.url()).pathname);
	await expectLive(b);

	// Presence shows both people in both rooms.
	for (const page of [a, b]) {
		const presence = page.getByTestId('presence');
		await expect(presence).toContainText('Ada Facilitator');
		await expect(presence).toContainText('Bea Engineer');
	}

	// A adds an idea; B sees it arrive, and it waits in B's tray.
	await a.getByPlaceholder('Add an idea…').fill('Single sign-on');
	await a.getByPlaceholder('Add an idea…').press('Enter');
	await expect(a.getByTestId('idea')).toHaveCount(1);
	const ideaId = await a.getByTestId('idea').first().getAttribute('data-idea-id');
	expect(ideaId).toBeTruthy();
	await expect(b.getByTestId('idea').first()).toContainText('Single sign-on');
	const tray = b.getByTestId(`tray-${ideaId}`);
	await expect(tray).toBeVisible();
	await expect(a.getByTestId(`median-${ideaId}`)).toHaveCount(0);

	// B drags it from the tray onto the matrix: high value, low effort.
	await drag(b, await centre(tray), await matrixPoint(b, { value: 80, effort: 20 }));
	const own = b.getByTestId(`own-point-${ideaId}`);
	await expect(own).toBeVisible();
	await expect(tray).toHaveCount(0);
	const placed = {
		value: Number(await own.getAttribute('data-value')),
		effort: Number(await own.getAttribute('data-effort'))
	};
	expect(placed.value).toBeGreaterThan(70);
	expect(placed.effort).toBeLessThan(30);

	// A sees the group's median appear where B put it.
	const median = a.getByTestId(`median-${ideaId}`);
	await expect(median).toHaveAttribute('data-value', String(placed.value));
	await expect(median).toHaveAttribute('data-effort', String(placed.effort));
	await expect(median).toHaveAttribute('data-count', '1');

	// B drags their point to low value, high effort; B's point and A's median follow.
	await drag(
		b,
		await centre(own.locator('circle.dot')),
		await matrixPoint(b, { value: 25, effort: 75 })
	);
	await expect.poll(async () => Number(await own.getAttribute('data-value'))).toBeLessThan(35);
	const moved = {
		value: Number(await own.getAttribute('data-value')),
		effort: Number(await own.getAttribute('data-effort'))
	};
	expect(moved.effort).toBeGreaterThan(65);
	await expect(median).toHaveAttribute('data-value', String(moved.value));
	await expect(median).toHaveAttribute('data-effort', String(moved.effort));

	// B's arrow keys move the focused point; the median follows again.
	await own.focus();
	await b.keyboard.press('Shift+ArrowUp');
	await expect(median).toHaveAttribute(
		'data-value',
		String(Math.min(100, Math.round((moved.value + 10) * 10) / 10))
	);

	await facilitator.close();
	await guest.close();
});

test('on a phone, a guest places an idea and moves it by touch', async ({ browser, baseURL }) => {
	const facilitator = await browser.newContext({ baseURL });
	const a = await facilitator.newPage();
	const signup = await a.request.post('/api/v1/auth/signup', {
		data: { email: uniqueEmail('touch'), password: 'correct horse battery', name: 'Tess Host' }
	});
	expect(signup.status()).toBe(201);
	const workshop = await (
		await a.request.post('/api/v1/workshops', { data: { title: 'Touch test' } })
	).json();
	const invite = await (
		await a.request.post(`/api/v1/workshops/${workshop.id}/invites`, {
			data: { role: 'participant' }
		})
	).json();
	await a.goto(`/w/${workshop.id}`);
	// Typed before the page is live, the idea's Enter can land before the composer is hydrated,
	// when it does nothing (the text stays for a second Enter); a person sees the room connect.
	await expectLive(a);
	const ideaId = await addIdea(a, 'Offline mode');
	await allowEarlyScoring(a);

	const phone = await browser.newContext({
		baseURL,
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true
	});
	const b = await phone.newPage();
	await b.goto(invite.url);
	await b.getByLabel('Your name').fill('Pat Phone');
	await b.getByRole('button', { name: 'Join workshop' }).click();
	await expect(b.getByTestId('connection')).toHaveAttribute('data-status', 'connected');
	expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	// Playwright's touchscreen only taps; Chromium's own touch input drags.
	const cdp = await phone.newCDPSession(b);
	async function swipe(from: { x: number; y: number }, to: { x: number; y: number }) {
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
		for (let i = 1; i <= 10; i++) {
			const point = {
				x: from.x + ((to.x - from.x) * i) / 10,
				y: from.y + ((to.y - from.y) * i) / 10
			};
			await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
		}
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	}

	// The matrix at the top of the screen, under the sticky site header, its tray right under it:
	// both in view for a drag.
	await b
		.locator('svg rect.hit')
		.evaluate((plot) => scrollBy(0, plot.getBoundingClientRect().top - 80));
	const tray = b.getByTestId(`tray-${ideaId}`);
	await swipe(await centre(tray), await matrixPoint(b, { value: 80, effort: 20 }));
	const own = b.getByTestId(`own-point-${ideaId}`);
	await expect(own).toBeVisible();
	const scrolled = await b.evaluate(() => scrollY);
	await swipe(
		await centre(own.locator('circle.dot')),
		await matrixPoint(b, { value: 30, effort: 70 })
	);
	await expect.poll(async () => Number(await own.getAttribute('data-value'))).toBeLessThan(40);
	expect(Number(await own.getAttribute('data-effort'))).toBeGreaterThan(60);
	// The finger moved the point, not the page.
	expect(await b.evaluate(() => scrollY)).toBe(scrolled);
	await expect(a.getByTestId(`median-${ideaId}`)).toHaveAttribute(
		'data-value',
		(await own.getAttribute('data-value'))!
	);

	await facilitator.close();
	await phone.close();
});

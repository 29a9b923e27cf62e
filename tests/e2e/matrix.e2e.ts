import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { mulberry32 } from '../../src/lib/model/random.ts';
import { connectClient, whenSynced } from '../helpers/clients.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';

/** The session cookie a client holds, as a Cookie header for a WebSocket. */
async function cookieOf(api: APIRequestContext): Promise<string> {
	const { cookies } = await api.storageState();
	const session = cookies.find((c) => c.name === 'converge_session');
	if (!session) throw new Error('not signed in');
	return `${session.name}=${session.value}`;
}

const TITLES = [
	'Offline mode',
	'Single sign-on',
	'Dark mode',
	'Audit log export',
	'Slack integration',
	'Usage-based pricing',
	'Mobile app for field sales',
	'Bulk edit',
	'Custom fields',
	'SAML provisioning (SCIM)',
	'Public API v2',
	'Webhooks retry dashboard',
	'Onboarding checklist',
	'In-app announcements',
	'Data residency in the EU'
];

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

const overlap = (a: Box, b: Box) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('[RM9] with 30 ideas on a 390×844 phone the matrix titles never overlap each other or the axes, and the key names the rest', async ({
	browser
}) => {
	const base = process.env.CONVERGE_URL!;
	const sync = `${base.replace('http', 'ws')}/sync`;
	const owner = await playwrightRequest.newContext({ baseURL: base });
	const signup = await owner.post('/api/v1/auth/signup', {
		data: { email: uniqueEmail('matrix'), password: 'correct horse', name: 'Mia' }
	});
	const ownerId = (await signup.json()).user.id as string;
	const workshop = await (
		await owner.post('/api/v1/workshops', { data: { title: 'Thirty bets' } })
	).json();
	const { token } = await (
		await owner.post(`/api/v1/workshops/${workshop.id}/invites`, { data: { role: 'participant' } })
	).json();
	const guest = await playwrightRequest.newContext({ baseURL: base });
	await guest.post(`/api/v1/invites/${token}/join`, { data: { name: 'Gus', function: 'Sales' } });
	const guestId = (await (await guest.get('/api/v1/me')).json()).user.id as string;
	const [ownerCookie, guestCookie] = [await cookieOf(owner), await cookieOf(guest)];

	const board = connectClient(sync, workshop.id, ownerCookie);
	const control = connectClient(sync, `${workshop.id}/control`, ownerCookie);
	const mine = connectClient(sync, `${workshop.id}/ballot/${ownerId}`, ownerCookie);
	const theirs = connectClient(sync, `${workshop.id}/ballot/${guestId}`, guestCookie);
	const clients = [board, control, mine, theirs];
	const context = await browser.newContext({
		baseURL: base,
		storageState: await owner.storageState(),
		viewport: { width: 390, height: 844 },
		hasTouch: true,
		isMobile: true
	});
	try {
		await Promise.all(clients.map((c) => whenSynced(c.provider)));
		control.doc.getMap('settings').set('phase', 'score');
		const random = mulberry32(30);
		const at = () => ({ value: Math.round(random() * 100), effort: Math.round(random() * 100) });
		const ids = Array.from({ length: 30 }, (_, i) =>
			addIdea(
				board.doc,
				{
					title: `${TITLES[i % TITLES.length]}${i >= TITLES.length ? ' (phase 2)' : ''}`,
					createdBy: ownerId
				},
				i
			)
		);
		for (const id of ids) {
			setEntry(mine.doc, 'matrix', id, at());
			setEntry(theirs.doc, 'matrix', id, at());
		}

		const page = await context.newPage();
		await page.goto(`/w/${workshop.id}`);
		await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'connected', {
			timeout: 30_000
		});
		await page.getByTestId('tab-matrix').click();
		await expect(page.locator('[data-testid^="own-point-"]')).toHaveCount(30);
		await expect(page.locator('[data-testid^="median-"]')).toHaveCount(30);
		const matrix = page.locator('svg:has(rect.hit)');
		await matrix.scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);

		const plot = (await page.locator('svg rect.hit').boundingBox())!;
		const labels = page.locator('svg .labels text');
		const boxes = await labels.evaluateAll((texts) =>
			texts.map((t) => {
				const r = t.getBoundingClientRect();
				return {
					id: t.getAttribute('data-idea-id'),
					x: r.x,
					y: r.y,
					width: r.width,
					height: r.height
				};
			})
		);
		expect(boxes.length).toBeGreaterThan(0);
		for (const [i, a] of boxes.entries()) {
			for (const b of boxes.slice(i + 1)) expect(overlap(a, b), `${a.id} × ${b.id}`).toBe(false);
			// Inside the plot (both boxes are in viewport pixels): off the axes, their ticks and titles.
			expect(a.x).toBeGreaterThanOrEqual(plot.x - 0.5);
			expect(a.x + a.width).toBeLessThanOrEqual(plot.x + plot.width + 0.5);
			expect(a.y).toBeGreaterThanOrEqual(plot.y - 0.5);
			expect(a.y + a.height).toBeLessThanOrEqual(plot.y + plot.height + 0.5);
		}
		// Every idea is named: on the matrix, or in the key under it.
		const key = page.getByTestId('matrix-key').getByRole('button');
		expect(boxes.length + (await key.count())).toBe(30);
		await page.screenshot({ path: '/tmp/converge-matrix-phone-30.png', fullPage: false });

		// Picking a number in the key focuses its point, drawn on top with its title.
		const unnamed = (await key.first().getAttribute('data-testid'))!.replace('matrix-key-', '');
		await key.first().click();
		await expect(page.getByTestId(`own-point-${unnamed}`)).toBeFocused();
		await expect(page.locator('svg use.on-top')).toHaveAttribute('href', new RegExp(`${unnamed}$`));
		await expect(page.locator(`svg .labels text[data-idea-id="${unnamed}"]`)).toBeVisible();
	} finally {
		clients.forEach((c) => c.provider.destroy());
		await context.close();
		await Promise.all([owner.dispose(), guest.dispose()]);
	}
});

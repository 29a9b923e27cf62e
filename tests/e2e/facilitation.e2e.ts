import { devices, type BrowserContext, type Page, type WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import {
	addIdea,
	createWorkshop,
	expectLive,
	inviteLink,
	joinAsGuest,
	openSetup,
	signUp,
	type Person
} from './steps.ts';

/**
 * A live session with three people, each in their own browser context: Ada facilitates on a
 * laptop, Bea takes part on a laptop and Cy on a 390×844 touch phone. The tests run in order on
 * the same workshop, as one session would.
 */

const ADA: Person = { name: 'Ada Facilitator', function: 'Product' };
const BEA: Person = { name: 'Bea Engineer', function: 'Engineering' };
const CY: Person = { name: 'Cy Sales', function: 'Sales' };

const PHONE = {
	...devices['Pixel 7'],
	viewport: { width: 390, height: 844 },
	hasTouch: true,
	isMobile: true
};

/**
 * Takes a context off the network and back. `setOffline` fails HTTP and flips
 * `navigator.onLine`, but Chromium leaves open WebSockets working, so the sync sockets are routed
 * through Playwright and closed here too, and new ones are refused while offline.
 */
class NetworkSwitch {
	#offline = false;
	#open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();

	private constructor(private readonly context: BrowserContext) {}

	static async install(context: BrowserContext): Promise<NetworkSwitch> {
		const network = new NetworkSwitch(context);
		await context.routeWebSocket(/\/sync\//, (page) => {
			if (network.#offline) {
				void page.close();
				return;
			}
			const socket = { page, server: page.connectToServer() };
			network.#open.add(socket);
			page.onClose(() => {
				network.#open.delete(socket);
				void socket.server.close();
			});
			socket.server.onClose((code, reason) => {
				network.#open.delete(socket);
				void page.close({ code, reason });
			});
		});
		return network;
	}

	async offline(): Promise<void> {
		this.#offline = true;
		await this.context.setOffline(true);
		const sockets = [...this.#open];
		this.#open.clear();
		await Promise.all(
			sockets.map(({ page, server }) => Promise.all([page.close(), server.close()]))
		);
	}

	async online(): Promise<void> {
		this.#offline = false;
		await this.context.setOffline(false);
	}

	/** How many sync sockets are open whose URL contains `part`. */
	openSockets(part: string): number {
		return [...this.#open].filter(({ page }) => page.url().includes(part)).length;
	}
}

/** The seconds a room's countdown shows, read from its "m:ss" text. */
async function secondsLeft(page: Page): Promise<number> {
	const text = (await page.getByTestId('timer').textContent()) ?? '';
	const match = /(\d+):(\d\d)/.exec(text);
	if (!match) throw new Error(`no countdown in "${text}"`);
	return Number(match[1]) * 60 + Number(match[2]);
}

test.describe.configure({ mode: 'serial' });

test.describe('facilitating a live session with three people, one on a phone', () => {
	const baseURL = process.env.CONVERGE_URL;
	let contexts: BrowserContext[] = [];
	let ada: Page;
	let bea: Page;
	let cy: Page;
	let cyNetwork: NetworkSwitch;
	let roomUrl: string;
	let ideas: string[] = [];

	test.beforeAll(async ({ browser }) => {
		const adaContext = await browser.newContext({ baseURL });
		const beaContext = await browser.newContext({ baseURL });
		const cyContext = await browser.newContext({ baseURL, ...PHONE });
		contexts = [adaContext, beaContext, cyContext];
		cyNetwork = await NetworkSwitch.install(cyContext);
		[ada, bea, cy] = await Promise.all(contexts.map((context) => context.newPage()));

		await signUp(ada, ADA);
		await createWorkshop(ada, 'Quarterly planning', { earlyScoring: false });
		roomUrl = ada.url();
		ideas = [await addIdea(ada, 'Offline mode'), await addIdea(ada, 'SSO login')];
		const setup = await openSetup(ada);
		await setup.getByTestId('enable-dots').check();
		await expect(setup.getByTestId('setting-blind')).toBeChecked();
		const link = await inviteLink(ada);
		await joinAsGuest(bea, link, BEA);
		await joinAsGuest(cy, link, CY);
	});

	test.afterAll(async () => {
		for (const context of contexts) await context.close();
	});

	test('[RM8] the phase gates actions: scoring opens with Score, no new ideas while scoring, and participants see why', async () => {
		await expect(bea.getByPlaceholder('Add an idea…')).toBeVisible();
		// While ideas are collected nobody scores yet, and the phone says when it opens.
		await cy.getByTestId('tab-dots').click();
		await expect(cy.getByTestId('voting-note')).toHaveText('Scoring opens in the Score phase.');
		await expect(cy.getByTestId(`dots-plus-${ideas[0]}`)).toBeDisabled();
		await ada.getByTestId('tab-dots').click();
		await expect(ada.getByTestId('voting-note')).toContainText('Allow early scoring in Setup');
		const setup = await openSetup(ada);
		await setup.getByRole('radio', { name: 'Score' }).check();

		for (const page of [bea, cy]) {
			await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'score');
			await expect(page.getByTestId('session-bar')).toContainText(
				'Ideas are closed while the group scores them.'
			);
			await expect(page.getByPlaceholder('Add an idea…')).toHaveCount(0);
		}
		// Scoring is what the phase is for: the phone can vote now.
		await expect(cy.getByTestId(`dots-plus-${ideas[0]}`)).toBeEnabled();
		await expect(cy.getByTestId('voting-note')).toHaveCount(0);
		// The facilitator is never held back.
		await expect(ada.getByPlaceholder('Add an idea…')).toBeVisible();
	});

	test('the timer shows the same remaining time in every context, within a second', async () => {
		await ada.getByRole('button', { name: 'Start timer' }).click();
		for (const page of [ada, bea, cy]) await expect(page.getByTestId('timer')).toBeVisible();

		const seconds = await Promise.all([ada, bea, cy].map(secondsLeft));
		expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(1);
		expect(Math.min(...seconds)).toBeGreaterThan(280);

		await ada.getByRole('button', { name: 'Pause' }).click();
		for (const page of [bea, cy]) await expect(page.getByTestId('timer')).toContainText('paused');
		await ada.getByRole('button', { name: 'Stop' }).click();
		for (const page of [bea, cy]) await expect(page.getByTestId('timer')).toHaveCount(0);
	});

	test('at zero every context shows that time is up, and the lock at zero closes voting', async () => {
		// The room offers whole minutes; the API takes seconds, so the test need not wait a minute.
		const workshopId = new URL(roomUrl).pathname.split('/').pop();
		const response = await ada.request.post(`/api/v1/workshops/${workshopId}/timer`, {
			data: { action: 'start', seconds: 2, autoLock: true }
		});
		expect(response.ok()).toBe(true);
		for (const page of [ada, bea, cy]) {
			await expect(page.getByTestId('time-up')).toHaveText('Time’s up');
			await expect(page.getByTestId('locked')).toBeVisible();
		}

		const setup = await openSetup(ada);
		await setup.getByTestId('setting-locked').uncheck();
		await ada.getByRole('button', { name: 'Clear', exact: true }).click();
		for (const page of [bea, cy]) {
			await expect(page.getByTestId('locked')).toHaveCount(0);
			await expect(page.getByTestId('time-up')).toHaveCount(0);
		}
	});

	test('the facilitator sees who has not voted; the reveal shows the blind results to all', async () => {
		await ada.getByTestId('tab-dots').click();
		const notVoted = ada.getByTestId('not-voted');
		await expect(notVoted).toContainText(BEA.name);
		await expect(notVoted).toContainText(CY.name);

		// Cy votes on the phone with taps.
		await cy.getByTestId(`dots-plus-${ideas[0]}`).tap();
		await cy.getByTestId(`dots-plus-${ideas[0]}`).tap();
		await expect(cy.getByTestId(`dots-count-${ideas[0]}`)).toHaveText('2');
		await expect(notVoted).not.toContainText(CY.name);
		await expect(notVoted).toContainText(BEA.name);

		await bea.getByTestId('tab-dots').click();
		await bea.getByTestId(`dots-plus-${ideas[1]}`).click();
		await expect(notVoted).not.toContainText(BEA.name);

		// Blind until the reveal: Bea sees no group result.
		await expect(bea.getByTestId('results-hidden')).toBeVisible();
		await ada
			.getByTestId('panel-dots')
			.getByRole('button', { name: 'Reveal Dot voting results' })
			.click();
		for (const page of [bea, cy]) {
			await expect(page.getByTestId(`dots-rank-${ideas[0]}`)).toHaveAttribute('data-rank', '1');
		}
	});

	test('a participant offline for a while keeps voting; the votes arrive after reconnecting', async () => {
		const adaRow = ada.getByTestId(`dots-total-${ideas[1]}`);
		await expect(adaRow).toHaveText('1 dot in all');

		await cyNetwork.offline();
		await expect(cy.getByTestId('connection')).toHaveAttribute('data-status', 'offline');
		await cy.getByTestId(`dots-plus-${ideas[1]}`).tap();
		await cy.getByTestId(`dots-plus-${ideas[1]}`).tap();
		await expect(cy.getByTestId(`dots-count-${ideas[1]}`)).toHaveText('2');
		await expect(cy.getByTestId('pending-votes')).toHaveText(/^1 vote not yet sent/);
		// Nothing reaches the room while Cy is away.
		await ada.waitForTimeout(500);
		await expect(adaRow).toHaveText('1 dot in all');

		await cyNetwork.online();
		await expectLive(cy);
		await expect(adaRow).toHaveText('3 dots in all');
		await expect(cy.getByTestId('pending-votes')).toHaveCount(0);
	});

	test('votes cast offline survive closing the page, and are sent when it is opened again', async () => {
		const adaRow = ada.getByTestId(`dots-total-${ideas[1]}`);
		await cyNetwork.offline();
		await cy.getByTestId(`dots-minus-${ideas[0]}`).tap();
		await cy.getByTestId(`dots-plus-${ideas[1]}`).tap();
		await expect(cy.getByTestId('pending-votes')).toHaveText(/^2 votes not yet sent/);
		await cy.close();

		await cyNetwork.online();
		cy = await contexts[2].newPage();
		await cy.goto(roomUrl);
		await expectLive(cy);
		await cy.getByTestId('tab-dots').click();
		await expect(cy.getByTestId(`dots-count-${ideas[1]}`)).toHaveText('3');
		await expect(cy.getByTestId(`dots-count-${ideas[0]}`)).toHaveText('1');
		await expect(adaRow).toHaveText('4 dots in all');
		await expect(ada.getByTestId(`dots-total-${ideas[0]}`)).toHaveText('1 dot in all');
	});

	test('votes cast offline after voting closed are not counted, and a stored copy does not bring them back', async () => {
		const adaTotal = ada.getByTestId(`dots-total-${ideas[0]}`);
		await expect(adaTotal).toHaveText('1 dot in all');
		await cyNetwork.offline();
		await cy.getByTestId(`dots-plus-${ideas[0]}`).tap();
		await expect(cy.getByTestId('pending-votes')).toHaveText(/^1 vote not yet sent/);
		const setup = await openSetup(ada);
		await setup.getByRole('radio', { name: 'Discuss' }).check();

		await cyNetwork.online();
		await expect(cy.getByTestId('refused-votes')).toContainText(
			'1 vote made offline was not counted'
		);
		await expect(cy.getByTestId('pending-votes')).toHaveCount(0);

		// Voting reopens; the reloaded page has nothing left to send.
		await cy.reload();
		await expectLive(cy);
		await setup.getByRole('radio', { name: 'Score' }).check();
		await cy.getByTestId('tab-dots').click();
		await expect(cy.getByTestId(`dots-count-${ideas[0]}`)).toHaveText('1');
		await cy.waitForTimeout(1_000);
		await expect(adaTotal).toHaveText('1 dot in all');
		await ada.getByRole('button', { name: 'Close setup' }).click();
	});

	test('votes refused while the page stays open are not sent when voting reopens', async () => {
		const adaTotal = ada.getByTestId(`dots-total-${ideas[0]}`);
		const cyCount = cy.getByTestId(`dots-count-${ideas[0]}`);
		await expect(adaTotal).toHaveText('1 dot in all');
		await cyNetwork.offline();
		await cy.getByTestId(`dots-plus-${ideas[0]}`).tap();
		await expect(cyCount).toHaveText('2');
		const setup = await openSetup(ada);
		await setup.getByTestId('setting-locked').check();

		await cyNetwork.online();
		const refused = cy.getByTestId('refused-votes');
		await expect(refused).toContainText('1 vote made offline was not counted');
		await expect(refused.getByTestId('refused-vote')).toHaveText('Dot voting: Offline mode');
		// The page shows the ballot the server has, without the refused dot, over a new socket: the
		// one of the document that held the dot is closed.
		await expect(cyCount).toHaveText('1');
		await expect(cy.getByTestId('pending-votes')).toHaveCount(0);
		await expect.poll(() => cyNetwork.openSockets('/ballot/')).toBe(1);

		// Voting reopens while the same page is open: the refused dot is not sent.
		await setup.getByTestId('setting-locked').uncheck();
		await expect(cy.getByTestId('locked')).toHaveCount(0);
		await expectLive(cy);
		await cy.waitForTimeout(1_000);
		await expect(adaTotal).toHaveText('1 dot in all');
		await expect(refused).toBeVisible();

		// Voting again counts (one more dot, not the refused one with it) and ends the report.
		await cy.getByTestId(`dots-plus-${ideas[0]}`).tap();
		await expect(cyCount).toHaveText('2');
		await expect(adaTotal).toHaveText('2 dots in all');
		await expect(refused).toHaveCount(0);
		await ada.getByRole('button', { name: 'Close setup' }).click();
	});

	test('an observer is in the room but cannot vote', async () => {
		await ada
			.getByTestId('people-panel')
			.getByLabel(`Role of ${BEA.name}`)
			.selectOption('observer');
		await bea.reload();
		await expectLive(bea);
		await expect(bea.getByTestId('role')).toHaveText('Observer · read-only');
		await bea.getByTestId('tab-dots').click();
		await expect(bea.getByTestId(`dots-plus-${ideas[0]}`)).toBeDisabled();
		await expect(bea.getByTestId('voting-note')).toContainText('You are observing');
	});

	test('a removed person is disconnected at once and told so', async () => {
		const people = ada.getByTestId('people-panel');
		await people.getByRole('button', { name: `Remove ${CY.name}` }).click();
		await people.getByRole('button', { name: 'Remove', exact: true }).click();
		await expect(cy.getByTestId('connection')).toHaveAttribute('data-status', 'closed');
		await expect(cy.getByTestId('connection')).toContainText('access revoked');
		await expect(people.getByTestId('person').filter({ hasText: CY.name })).toHaveCount(0);
		// Their access has ended: opening the room again is refused.
		const response = await cy.goto(roomUrl);
		expect(response?.status()).toBe(403);
	});

	test('signing out leaves no offline votes behind in the browser', async () => {
		const databases = () =>
			ada.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));
		expect(await databases()).toContain('converge-offline');
		await ada.getByRole('button', { name: 'Sign out' }).click();
		await expect(ada.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
		expect(await databases()).not.toContain('converge-offline');
	});
});

import type { APIRequestContext } from '@playwright/test';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { connectClient, whenSynced } from '../helpers/clients.ts';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { expect, test } from './fixtures.ts';
import { expectLive, signUp } from './steps.ts';

/**
 * The loop closed end to end: a production server with SMTP_URL pointing at a real SMTP server,
 * a customer who voted on the portal, and the email that reaches them when the idea ships.
 */

async function call(api: APIRequestContext, method: 'post' | 'patch', path: string, data: unknown) {
	const res = await api[method](`/api/v1/${path}`, { data });
	expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
	return res.json();
}

/** The path and query of a link in an email, on this server (ORIGIN is unset in tests). */
function onServer(server: ServerProcess, href: string): string {
	const url = new URL(href);
	return new URL(url.pathname + url.search, server.url).href;
}

test.describe('[DL2] [DL3] requesters are told when their idea ships', () => {
	let sink: MailSink;
	let server: ServerProcess;

	test.beforeAll(async () => {
		sink = await startMailSink();
		server = await startServerProcess({
			SMTP_URL: sink.url,
			MAIL_FROM: 'Converge <converge@converge.test>',
			DELIVERY_POLL_MS: '200'
		});
	});

	test.afterAll(async () => {
		await server?.stop();
		await sink?.close();
	});

	test('[DL2] [DL3] [DL10] a portal voter gets the Shipped email, opens the idea, unsubscribes, and gets no more', async ({
		browser
	}) => {
		const pmContext = await browser.newContext({ baseURL: server.url });
		const pm = await pmContext.newPage();
		await signUp(pm, { name: 'Pat Manager', function: 'Product' });
		const product = await call(pm.request, 'post', 'products', { name: 'Shipping Co' });
		await call(pm.request, 'patch', `products/${product.id}`, { portalEnabled: true });
		const idea = await call(pm.request, 'post', `products/${product.id}/ideas`, {
			title: 'CSV export',
			description: 'Export every report as CSV.',
			public: true
		});

		const customerContext = await browser.newContext({ baseURL: server.url });
		const customer = await customerContext.newPage();
		await customer.goto(`/p/${product.slug}`);
		await customer.getByLabel('Your email, to vote').fill('casey@customers.example');
		await customer.getByRole('button', { name: 'Vote for “CSV export”' }).click();
		await expect(customer.getByText('Thanks, your vote counts.')).toBeVisible();
		// A second voter who stays subscribed: their email shows the loop ran after the unsubscribe.
		await call(customer.request, 'post', `portal/${product.slug}/ideas/${idea.id}/votes`, {
			email: 'robin@customers.example'
		});

		await call(pm.request, 'post', `products/${product.id}/ideas/${idea.id}/status`, {
			status: 'shipped',
			note: 'Out today in Reports.'
		});
		await sink.waitFor(2);
		const [shipped] = sink.to('casey@customers.example');
		expect(shipped.subject).toContain('Shipped');
		expect(shipped.text).toContain('Out today in Reports.');
		const links = [...(shipped.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
		const ideaLink = links.find((href) => href.includes(`/p/${product.slug}/ideas/${idea.id}`));
		const unsubscribeLink = links.find((href) => href.includes('/unsubscribe/'));
		expect(ideaLink, shipped.text).toBeTruthy();
		expect(unsubscribeLink, shipped.text).toBeTruthy();

		await customer.goto(onServer(server, ideaLink!));
		await expect(customer.getByRole('heading', { level: 1, name: 'CSV export' })).toBeVisible();
		await expect(customer.getByTestId('portal-idea-status')).toHaveText('Shipped');
		await expect(customer.getByTestId('portal-idea-update').first()).toContainText(
			'Out today in Reports.'
		);
		// The public page names nobody who asked.
		await expect(customer.locator('body')).not.toContainText('robin@customers.example');

		await customer.goto(onServer(server, unsubscribeLink!));
		await expect(customer.getByText('casey@customers.example')).toBeVisible();
		await customer.getByRole('button', { name: 'Unsubscribe' }).click();
		await expect(customer.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();

		await call(pm.request, 'post', `products/${product.id}/ideas/${idea.id}/status`, {
			status: 'planned',
			note: 'A second export format is coming.'
		});
		await sink.waitFor(3);
		// Give a stray message to Casey time to arrive before asserting there is none.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(sink.to('robin@customers.example')).toHaveLength(2);
		expect(sink.to('casey@customers.example')).toHaveLength(1);

		await customerContext.close();
		await pmContext.close();
	});
});

test('[DL1] a PM moves an idea from its page: Declined asks for a note, the email is previewed and tested, and the history shows who and why', async ({
	page
}) => {
	await signUp(page, { name: 'Pat Manager', function: 'Product' });
	const product = await call(page.request, 'post', 'products', { name: 'Status Co' });
	const idea = await call(page.request, 'post', `products/${product.id}/ideas`, {
		title: 'Dark mode'
	});
	await page.goto(`/products/${product.slug}/ideas/${idea.id}`);
	const status = page.getByRole('region', { name: 'Status' });
	await status.getByLabel('Move to').selectOption('Planned');
	await status.getByRole('button', { name: 'Change status' }).click();
	await expect(status.getByRole('status')).toContainText('Status changed');
	await status.getByLabel('Move to').selectOption('Declined');
	await expect(status.getByLabel(/Public note/)).toHaveAttribute('required', '');
	await status.getByLabel(/Public note/).fill('Not on our roadmap this year.');
	await status.getByRole('button', { name: 'Preview the email' }).click();
	await expect(status.getByTestId('email-preview')).toContainText('Not on our roadmap this year.');
	await status.getByRole('button', { name: 'Send me a test email' }).click();
	await expect(status.getByText('A test email is on its way')).toBeVisible();
	await status.getByRole('button', { name: 'Change status' }).click();
	const history = page.getByTestId('status-history');
	await expect(history.getByRole('listitem').first()).toContainText('Planned → Declined');
	await expect(history.getByRole('listitem').first()).toContainText(
		'Not on our roadmap this year.'
	);
	await expect(history.getByRole('listitem').first()).toContainText('Pat Manager');
	await expect(history.getByRole('listitem')).toHaveCount(2);
});

test('[DL5] [DL6] in Settings an owner picks which statuses email, adds a webhook (secret once), tests it and redelivers', async ({
	page
}) => {
	await signUp(page, { name: 'Pat Manager', function: 'Product' });
	const product = await call(page.request, 'post', 'products', { name: 'Hooks Co' });
	await page.goto(`/products/${product.slug}/settings`);

	const notify = page.getByRole('region', { name: 'Email the people who asked' });
	await expect(notify.getByLabel('Shipped')).toBeChecked();
	await notify.getByLabel('In progress').check();
	await notify.getByRole('button', { name: 'Save' }).click();
	await expect(notify.getByRole('status')).toHaveText('Saved.');
	const settings = await (
		await page.request.get(`/api/v1/products/${product.id}/notifications`)
	).json();
	expect(settings.notifyStatuses.sort()).toEqual(['in_progress', 'planned', 'shipped']);

	const hooks = page.getByRole('region', { name: 'Webhooks' });
	// The production server refuses private hosts: the guard shows on the form. (A public address
	// literal needs no DNS, which the test machine lacks.)
	await hooks.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hook');
	await hooks.getByRole('button', { name: 'Add endpoint' }).click();
	await expect(hooks.getByRole('alert')).toBeVisible();
	await hooks.getByLabel('Endpoint URL').fill('https://203.0.113.10/converge');
	await hooks.getByRole('button', { name: 'Add endpoint' }).click();
	await expect(hooks.getByTestId('new-webhook-secret')).toHaveValue(/^whsec_/);
	await hooks.getByRole('button', { name: 'Send test webhook' }).click();
	await expect(hooks.getByRole('status')).toContainText('Test event queued.');
	const delivery = hooks.getByTestId('delivery').first();
	await expect(delivery).toContainText('webhook.test');
	await delivery.getByRole('button', { name: 'Redeliver' }).click();
	await expect(hooks.getByRole('status')).toContainText('same webhook-id');
	// Shown once: after a reload the secret is gone.
	await page.reload();
	await expect(page.getByTestId('new-webhook-secret')).toHaveCount(0);
});

test('[DL11] marking a product workshop decided offers to apply its roadmap: the preview follows the mapping, applying moves the backlog once', async ({
	page
}) => {
	await signUp(page, { name: 'Pat Manager', function: 'Product' });
	const product = await call(page.request, 'post', 'products', { name: 'Roadmap Co' });
	const sso = await call(page.request, 'post', `products/${product.id}/ideas`, {
		title: 'Single sign-on'
	});
	const dark = await call(page.request, 'post', `products/${product.id}/ideas`, {
		title: 'Dark mode'
	});
	const workshop = await call(page.request, 'post', `products/${product.id}/workshops`, {
		title: 'Q3 planning',
		ideaIds: [sso.id, dark.id]
	});
	await page.goto(`/w/${workshop.id}`);
	await expectLive(page);

	// Score both with RICE (SSO first), with room for one idea in Now: Dark mode goes to Next.
	const cookie = (await page.context().cookies()).find((c) => c.name === 'converge_session')!;
	const header = `${cookie.name}=${cookie.value}`;
	const sync = `${process.env.CONVERGE_URL!.replace('http', 'ws')}/sync`;
	const me = await (await page.request.get('/api/v1/me')).json();
	const control = connectClient(sync, `${workshop.id}/control`, header);
	const ballot = connectClient(sync, `${workshop.id}/ballot/${me.user.id}`, header);
	try {
		await Promise.all([control, ballot].map((c) => whenSynced(c.provider)));
		control.doc.getMap('settings').set('frameworks', ['rice']);
		// Scored while the workshop still collects ideas, as its facilitator allowed ([RM8]).
		control.doc.getMap('settings').set('earlyScoring', true);
		control.doc.getMap('roadmap').set('capacity', { now: 2, next: null, later: null });
		const [ssoCard, darkCard] = workshop.boardIdeaIds;
		setEntry(ballot.doc, 'rice', ssoCard, { reach: 900, impact: 1, confidence: 100, effort: 2 });
		setEntry(ballot.doc, 'rice', darkCard, { reach: 500, impact: 1, confidence: 100, effort: 2 });

		await page.getByTestId('tab-roadmap').click();
		await expect(page.getByTestId('roadmap-column-next')).toContainText('Dark mode');
		const panel = page.getByTestId('decision-panel');
		await panel.getByLabel('Rationale').fill('SSO unblocks the enterprise deals.');
		await panel.getByRole('button', { name: 'Mark as decided' }).click();

		const dialog = page.getByRole('dialog', { name: 'Apply the roadmap to the backlog?' });
		await expect(dialog).toBeVisible();
		const changes = dialog.getByRole('list', { name: 'What changes' });
		await expect(changes.getByRole('listitem').filter({ hasText: 'Single sign-on' })).toContainText(
			'Open → In progress'
		);
		await expect(changes.getByRole('listitem').filter({ hasText: 'Dark mode' })).toContainText(
			'Open → Planned'
		);
		await dialog.getByLabel('Next').selectOption('Under review');
		await expect(changes.getByRole('listitem').filter({ hasText: 'Dark mode' })).toContainText(
			'Open → Under review'
		);
		await dialog.getByRole('button', { name: 'Change 2 ideas' }).click();
		await expect(dialog.getByTestId('apply-done')).toHaveText('2 ideas changed status.');
		await dialog.getByRole('button', { name: 'Close' }).click();

		const status = async (id: string) =>
			(await (await page.request.get(`/api/v1/products/${product.id}/ideas/${id}`)).json()).status;
		expect(await status(sso.id)).toBe('in_progress');
		expect(await status(dark.id)).toBe('under_review');

		// Offered again from the standing decision, with the same mapping: nothing left to change.
		await panel.getByRole('button', { name: 'Apply the roadmap to the backlog…' }).click();
		await expect(changes.getByRole('listitem').filter({ hasText: 'Single sign-on' })).toContainText(
			'already there'
		);
		await dialog.getByLabel('Next').selectOption('Under review');
		await expect(changes.getByRole('listitem').filter({ hasText: 'Dark mode' })).toContainText(
			'already there'
		);
		await expect(dialog.getByRole('button', { name: 'Change 0 ideas' })).toBeDisabled();
	} finally {
		[control, ballot].forEach((c) => c.provider.destroy());
	}
});

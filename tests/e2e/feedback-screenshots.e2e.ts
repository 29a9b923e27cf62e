import { expect, test } from './fixtures.ts';
import { signUp } from './steps.ts';

/**
 * Uses the board as a PM would, with a dozen ideas and a few hundred feedback items sent through
 * the API, and saves the screenshots docs/ shows (docs/screenshot-*.png). Run on demand:
 * SCREENSHOTS=1 npx playwright test tests/e2e/feedback-screenshots.e2e.ts
 */
test.skip(!process.env.SCREENSHOTS, 'writes docs/ screenshots; run with SCREENSHOTS=1');

const IDEAS = [
	['Dark mode', 'ui'],
	['Export reports to CSV', 'reporting'],
	['Export report to CSV file', 'reporting'],
	['SSO with Okta', 'security'],
	['Slack integration', 'integrations'],
	['Offline mode on mobile', 'mobile'],
	['Custom fields on tasks', 'core'],
	['Audit log for admins', 'security'],
	['Bulk edit tasks', 'core'],
	['Gantt chart view', 'planning'],
	['Two-factor authentication', 'security'],
	['Public API webhooks', 'integrations']
] as const;
const COMPANIES = [
	['Globex', 420_000, 'Enterprise'],
	['Initech', 180_000, 'Mid-market'],
	['Umbrella', 950_000, 'Enterprise'],
	['Hooli', 60_000, 'SMB'],
	['Stark', 1_200_000, 'Enterprise'],
	['Wayne', 35_000, 'SMB'],
	['Acme Corp', 90_000, 'Mid-market']
] as const;
const ASKS = [
	'We really need this before renewal.',
	'My team asks about it every week.',
	'This would save us hours each sprint.',
	'Competitor X has it; our execs noticed.',
	'Blocking our rollout to the whole company.'
];

test('[FBU3] screenshots of the Inbox, the backlog, an idea and the portal on a phone', async ({
	page,
	browser
}) => {
	test.setTimeout(600_000);
	await signUp(page, { name: 'Pat Manager', function: 'Product' });
	const api = page.request;
	const product = await (await api.post('/api/v1/products', { data: { name: 'Taskflow' } })).json();
	await api.patch(`/api/v1/products/${product.id}`, { data: { portalEnabled: true } });
	const ideas = [];
	for (const [i, [title, tag]] of IDEAS.entries()) {
		const res = await api.post(`/api/v1/products/${product.id}/ideas`, {
			data: {
				title,
				tags: [tag],
				public: i % 3 !== 2,
				description: `Customers asked for ${title.toLowerCase()}.`
			}
		});
		ideas.push(await res.json());
	}
	let n = 0;
	for (let person = 0; person < 260; person++) {
		const [company] = COMPANIES[person % COMPANIES.length];
		// Skewed: the first ideas are asked for far more often.
		const idea = ideas[Math.floor(Math.pow(((person * 7919) % 1000) / 1000, 2) * ideas.length)];
		const item = await (
			await api.post(`/api/v1/products/${product.id}/feedback`, {
				data: {
					text: `${idea.title}: ${ASKS[person % ASKS.length]}`,
					requester: {
						email: `person${person}@${company.toLowerCase().replace(' ', '')}.example`,
						name: `Person ${person}`
					},
					company,
					source: 'api'
				}
			})
		).json();
		if (person % 5 !== 0) {
			await api.post(`/api/v1/products/${product.id}/feedback/${item.id}/link`, {
				data: { ideaId: idea.id }
			});
		}
		n++;
	}
	expect(n).toBe(260);
	const { companies } = await (await api.get(`/api/v1/products/${product.id}/companies`)).json();
	for (const c of companies) {
		const known = COMPANIES.find(([name]) => name === c.name);
		if (known)
			await api.patch(`/api/v1/products/${product.id}/companies/${c.id}`, {
				data: { arr: known[1], segment: known[2] }
			});
	}
	for (const text of [
		'Can we get a <script>alert(1)</script> dark theme? The white is blinding at night.',
		'Our admins need to see who changed what and when, for SOC 2.',
		'Please integrate with Microsoft Teams, we do not use Slack.'
	]) {
		await api.post(`/api/v1/products/${product.id}/feedback`, {
			data: {
				text,
				requester: { email: 'ops@globex.example', name: 'Olga Ops' },
				company: 'Globex'
			}
		});
	}

	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`/products/${product.slug}`);
	await page.keyboard.press('j');
	await page.keyboard.press('l');
	await expect(page.getByTestId('idea-picker').getByRole('option').first()).toBeVisible();
	await page.screenshot({ path: 'docs/screenshot-inbox.png' });
	await page.keyboard.press('Escape');

	await page.goto(`/products/${product.slug}/ideas`);
	await page.screenshot({ path: 'docs/screenshot-backlog.png', fullPage: true });
	await page.getByTestId('idea-row').first().getByRole('link').click();
	await expect(page.getByTestId('demand')).toBeVisible();
	await page.screenshot({ path: 'docs/screenshot-idea.png', fullPage: true });

	const phone = await (
		await browser.newContext({
			baseURL: process.env.CONVERGE_URL,
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true
		})
	).newPage();
	await phone.goto(`/p/${product.slug}`);
	await phone
		.getByLabel('What would make the product better for you?')
		.fill('An export of my reports to CSV');
	await expect(phone.getByTestId('portal-similar')).toBeVisible();
	await phone.screenshot({ path: 'docs/screenshot-portal-phone.png', fullPage: true });
});

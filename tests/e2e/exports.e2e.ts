import { readFile } from 'node:fs/promises';
import { request as playwrightRequest, type Browser, type Download } from '@playwright/test';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { parseCsv } from '../../src/lib/model/export.ts';
import type { FrameworkId } from '../../src/lib/model/frameworks/index.ts';
import { connectClient, whenSynced } from '../helpers/clients.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';

/**
 * A facilitator's workshop set up through the API and the sync server (their own ballot holds the
 * scores), and a browser page in their room.
 */
async function roomWith(browser: Browser, frameworks: FrameworkId[]) {
	const base = process.env.CONVERGE_URL!;
	const api = await playwrightRequest.newContext({ baseURL: base });
	const signup = await api.post('/api/v1/auth/signup', {
		data: { email: uniqueEmail('export'), password: 'correct horse', name: 'Fran' }
	});
	const user = (await signup.json()).user;
	const state = await api.storageState();
	const cookie = state.cookies.find((c) => c.name === 'converge_session')!;
	const workshop = await (
		await api.post('/api/v1/workshops', { data: { title: 'Q4 bets', description: '' } })
	).json();
	const sync = `${base.replace('http', 'ws')}/sync`;
	const header = `${cookie.name}=${cookie.value}`;
	const board = connectClient(sync, workshop.id, header);
	const control = connectClient(sync, `${workshop.id}/control`, header);
	const ballot = connectClient(sync, `${workshop.id}/ballot/${user.id}`, header);
	await Promise.all([board, control, ballot].map((c) => whenSynced(c.provider)));
	control.doc.transact(() => {
		control.doc.getMap('settings').set('frameworks', frameworks);
		// Scored while ideas are still collected ([RM8]).
		control.doc.getMap('settings').set('earlyScoring', true);
	});
	const context = await browser.newContext({
		baseURL: base,
		storageState: state,
		acceptDownloads: true
	});
	const page = await context.newPage();
	return {
		page,
		board: board.doc,
		control: control.doc,
		ballot: ballot.doc,
		idea: (title: string) => addIdea(board.doc, { title, createdBy: user.id }),
		async open() {
			await page.goto(`/w/${workshop.id}`);
			// The first room of a run opens while the server is still warming up.
			await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'connected', {
				timeout: 30_000
			});
		},
		async close() {
			[board, control, ballot].forEach((c) => c.provider.destroy());
			await context.close();
			await api.dispose();
		}
	};
}

/** CSV exports round numbers to two decimals ([RM10]); the page shows them exact. */
function twoDecimals(text: string): number {
	return Math.round(Number(text) * 100) / 100;
}

async function downloaded(download: Download): Promise<Buffer> {
	const path = await download.path();
	return readFile(path);
}

test('the ideas CSV downloaded from the room holds the numbers the ranking shows', async ({
	browser
}) => {
	const room = await roomWith(browser, ['rice']);
	try {
		const ideas = {
			sso: room.idea('Single sign-on'),
			dark: room.idea('Dark mode, "finally"'),
			audit: room.idea('Audit log')
		};
		setEntry(room.ballot, 'rice', ideas.sso, { reach: 800, impact: 2, confidence: 80, effort: 3 });
		setEntry(room.ballot, 'rice', ideas.dark, {
			reach: 300,
			impact: 1,
			confidence: 100,
			effort: 1
		});
		setEntry(room.ballot, 'rice', ideas.audit, { reach: 50, impact: 3, confidence: 50, effort: 5 });
		await room.open();
		await room.page.getByRole('tab', { name: 'Ranking' }).click();
		const shown = new Map<string, { rank: string; score: string }>();
		for (const id of Object.values(ideas)) {
			const row = room.page.getByTestId(`ranking-row-${id}`);
			await expect(row).toBeVisible();
			shown.set(id, {
				rank: (await row.getAttribute('data-rank'))!,
				score: (await row.getAttribute('data-score'))!
			});
		}

		const panel = room.page.getByTestId('export-panel');
		const [download] = await Promise.all([
			room.page.waitForEvent('download'),
			panel.getByRole('button', { name: 'Ideas (CSV)' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^q4-bets-ideas-\d{4}-\d{2}-\d{2}\.csv$/);
		const [header, ...rows] = parseCsv((await downloaded(download)).toString('utf8'));
		const column = (name: string) => {
			const at = header.indexOf(name);
			expect(at, name).toBeGreaterThanOrEqual(0);
			return at;
		};
		expect(rows).toHaveLength(3);
		for (const row of rows) {
			const id = row[column('idea_id')];
			expect(Number(row[column('rice_score')])).toBe(twoDecimals(shown.get(id)!.score));
			expect(row[column('rice_rank')]).toBe(shown.get(id)!.rank);
			expect(Number(row[column('rice_median_Product')])).toBe(twoDecimals(shown.get(id)!.score));
		}
		expect(rows.map((row) => row[column('title')])).toContain('Dark mode, "finally"');
		await expect(panel.getByTestId('export-status')).toContainText('Saved q4-bets-ideas-');

		const [entries] = await Promise.all([
			room.page.waitForEvent('download'),
			panel.getByRole('button', { name: 'Each person’s scores (CSV)' }).click()
		]);
		const [entryHeader, ...entryRows] = parseCsv((await downloaded(entries)).toString('utf8'));
		expect(entryHeader.slice(0, 7)).toEqual([
			'idea_id',
			'title',
			'framework',
			'user_id',
			'name',
			'function',
			'proxy'
		]);
		expect(entryRows).toHaveLength(3);
		expect(entryRows.every((row) => row[6] === 'false' && row[4] === 'Fran')).toBe(true);
	} finally {
		await room.close();
	}
});

test('the matrix downloads as a sharp PNG and as a valid SVG', async ({ browser }) => {
	const room = await roomWith(browser, ['matrix']);
	try {
		const titles = ['Dark mode', 'Fish & chips <b>', 'Audit log'];
		titles.forEach((title, i) => {
			setEntry(room.ballot, 'matrix', room.idea(title), {
				value: 20 + 30 * i,
				effort: 80 - 30 * i
			});
		});
		await room.open();
		const panel = room.page.getByTestId('export-panel');
		await expect(panel.getByTestId('picture-matrix')).not.toContainText('Hidden');

		const [png] = await Promise.all([
			room.page.waitForEvent('download'),
			panel.getByRole('button', { name: 'Value / effort matrix as PNG' }).click()
		]);
		expect(png.suggestedFilename()).toMatch(/^q4-bets-matrix-.*\.png$/);
		const bytes = await downloaded(png);
		expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		// IHDR: width and height at 2× the SVG's 880 px width.
		expect(bytes.readUInt32BE(16)).toBe(1760);
		expect(bytes.readUInt32BE(20)).toBeGreaterThan(1200);
		expect(bytes.length).toBeGreaterThan(20_000);

		const [svg] = await Promise.all([
			room.page.waitForEvent('download'),
			panel.getByRole('button', { name: 'Value / effort matrix as SVG' }).click()
		]);
		const text = (await downloaded(svg)).toString('utf8');
		const parsed = await room.page.evaluate((source) => {
			const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
			return {
				error: doc.querySelector('parsererror')?.textContent ?? null,
				texts: [...doc.querySelectorAll('title')].map((t) => t.textContent)
			};
		}, text);
		expect(parsed.error).toBeNull();
		expect(parsed.texts).toEqual(expect.arrayContaining(titles));
	} finally {
		await room.close();
	}
});

test('the scorecard shows how often each idea stays first when the weights move', async ({
	browser
}) => {
	const room = await roomWith(browser, ['scorecard']);
	try {
		const criteria = room.control.getMap('criteria');
		criteria.set('speed', { name: 'Speed', weight: 11, direction: 'benefit' });
		criteria.set('reach', { name: 'Reach', weight: 10, direction: 'benefit' });
		// Mirror images: each leads on one criterion, so the one weighted a little more leads, and
		// only just: Fast thing is first exactly when Speed weighs more than Reach.
		setEntry(room.ballot, 'scorecard', room.idea('Fast thing'), { speed: 4, reach: 2 });
		setEntry(room.ballot, 'scorecard', room.idea('Big thing'), { speed: 2, reach: 4 });
		await room.open();
		await room.page.getByRole('tab', { name: 'Weighted scorecard' }).click();
		const stability = room.page.getByTestId('stability');
		await expect(stability.getByText(/^#1 in \d+ % of weightings$/).first()).toBeVisible();
		await expect(stability.getByTestId('top-swap')).toContainText(
			'Fast thing leads Big thing. Lowering the weight of Speed from 11 to below 10 swaps them'
		);

		// Print: the tab without the room's controls and side panels.
		await room.page.emulateMedia({ media: 'print' });
		await expect(room.page.getByTestId('export-panel')).toBeHidden();
		await expect(room.page.getByRole('tablist')).toBeHidden();
		await expect(stability).toBeVisible();
	} finally {
		await room.close();
	}
});

/**
 * How smoothly the value/effort matrix drags with 300 ideas in Chromium: the production server
 * (the last `npm run build`), a workshop of 300 ideas the user has placed (seeded through the API
 * and the sync server, so the tally has 300 group points), the room open on the matrix in Chromium,
 * and the user's own point dragged around continuously with the mouse while the page records the
 * time between animation frames (requestAnimationFrame). Every move writes the ballot, the server
 * derives the tally and the group's point moves too, as in a live session.
 */
import { mulberry32 } from '../src/lib/model/random.ts';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, request } from '@playwright/test';
import { markdownTable, type Bench, type BenchSection } from './bench.ts';
import { percentile } from './stats.ts';
import { setEntry } from '../src/lib/model/ballot.ts';
import { addIdea } from '../src/lib/model/board.ts';
import { connectClient, whenSynced } from '../tests/helpers/clients.ts';
import { startServerProcess } from '../tests/helpers/server-process.ts';

const TARGET = 'The matrix with 300 ideas drags at ≥ 50 frames per second in Chromium (issue 3)';
const TARGET_FPS = 50;

export interface MatrixFpsResult {
	ideas: number;
	seconds: number;
	frames: number;
	moves: number;
	fps: number;
	median: number;
	p95: number;
	max: number;
}

/** Signs a facilitator up, creates a workshop and places `ideas` ideas on their matrix. */
async function seedWorkshop(base: string, ideas: number) {
	const api = await request.newContext({ baseURL: base });
	const signup = await api.post('/api/v1/auth/signup', {
		data: {
			email: `bench-${Date.now()}@bench.example.com`,
			password: 'correct horse',
			name: 'Fran'
		}
	});
	if (!signup.ok()) throw new Error(`sign-up failed: ${signup.status()} ${await signup.text()}`);
	const user = (await signup.json()).user as { id: string };
	const state = await api.storageState();
	const session = state.cookies.find((c) => c.name === 'converge_session');
	if (!session) throw new Error('sign-up set no session cookie');
	const workshop = (await (
		await api.post('/api/v1/workshops', { data: { title: 'Matrix drag', description: '' } })
	).json()) as { id: string };

	const sync = `${base.replace('http', 'ws')}/sync`;
	const cookie = `${session.name}=${session.value}`;
	const board = connectClient(sync, workshop.id, cookie);
	const ballot = connectClient(sync, `${workshop.id}/ballot/${user.id}`, cookie);
	const control = connectClient(sync, `${workshop.id}/control`, cookie);
	await Promise.all([board, ballot, control].map((c) => whenSynced(c.provider)));
	// Ballots count from the Score phase on ([RM8]).
	control.doc.getMap('settings').set('phase', 'score');
	const random = mulberry32(3);
	const ideaIds: string[] = [];
	board.doc.transact(() => {
		for (let i = 0; i < ideas; i++) {
			ideaIds.push(addIdea(board.doc, { title: `Idea ${i + 1}`, createdBy: user.id }, i));
		}
	});
	ballot.doc.transact(() => {
		for (const ideaId of ideaIds) {
			const at = { value: Math.round(random() * 100), effort: Math.round(random() * 100) };
			setEntry(ballot.doc, 'matrix', ideaId, at);
		}
	});
	// Let the server store both before the clients go.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	for (const client of [board, ballot, control]) client.provider.destroy();
	await api.dispose();
	return { workshopId: workshop.id, ideaIds, state };
}

export async function benchMatrixFps(ideas = 300, seconds = 5): Promise<MatrixFpsResult> {
	const dataDir = await mkdtemp(join(tmpdir(), 'converge-fps-'));
	const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: undefined });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
	try {
		const { workshopId, ideaIds, state } = await seedWorkshop(server.url, ideas);
		const context = await browser.newContext({
			baseURL: server.url,
			storageState: state,
			viewport: { width: 1280, height: 900 }
		});
		const page = await context.newPage();
		await page.goto(`/w/${workshopId}`);
		const point = page.getByTestId(`own-point-${ideaIds[0]}`);
		await point.waitFor({ timeout: 30_000 });
		await page.getByTestId(`median-${ideaIds[ideas - 1]}`).waitFor({ timeout: 30_000 });
		await point.scrollIntoViewIfNeeded();
		const plot = await page.locator('svg rect.hit').boundingBox();
		const box = await point.boundingBox();
		if (!plot || !box) throw new Error('the matrix is not visible');

		// A string, not a function: tsx would wrap a named function in a helper the page lacks.
		await page.evaluate(`{
			window.benchFrames = [];
			window.benchRecording = true;
			const tick = (t) => {
				window.benchFrames.push(t);
				if (window.benchRecording) requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
		}`);
		// With --cpu-prof DIR, the page's own CPU profile of the drag goes there too.
		const profileDir = process.env.BENCH_CPU_PROF_DIR;
		const cdp = profileDir ? await context.newCDPSession(page) : null;
		if (cdp) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.start');
		}
		// Around an ellipse inside the plot, one mouse event after another for `seconds`.
		const cx = plot.x + plot.width / 2;
		const cy = plot.y + plot.height / 2;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.down();
		const start = performance.now();
		let moves = 0;
		while (performance.now() - start < seconds * 1000) {
			const angle = ((performance.now() - start) / 1000) * Math.PI;
			await page.mouse.move(
				cx + Math.cos(angle) * plot.width * 0.35,
				cy + Math.sin(angle) * plot.height * 0.35
			);
			moves++;
		}
		await page.mouse.up();
		if (cdp && profileDir) {
			const { profile } = await cdp.send('Profiler.stop');
			await writeFile(
				join(profileDir, `matrix-drag-${Date.now()}.cpuprofile`),
				JSON.stringify(profile)
			);
		}
		const frames = (await page.evaluate(
			'window.benchRecording = false; window.benchFrames'
		)) as number[];
		await context.close();

		// Frames from the first to the last move of the drag.
		const intervals = frames.slice(1).map((t, i) => t - frames[i]);
		const sorted = Float64Array.from(intervals).sort();
		const elapsed = frames[frames.length - 1] - frames[0];
		return {
			ideas,
			seconds,
			frames: intervals.length,
			moves,
			fps: (intervals.length / elapsed) * 1000,
			median: percentile(sorted, 50),
			p95: percentile(sorted, 95),
			max: sorted[sorted.length - 1]
		};
	} finally {
		await browser.close();
		await server.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}

export const matrixFpsBench: Bench = {
	id: 'matrix-fps',
	async run({ quick, log }): Promise<BenchSection> {
		const title = 'Matrix drag with 300 ideas in Chromium';
		const method =
			'The production server (`build/` from `npm run build`, PGlite in a temporary directory); ' +
			'a facilitator signs up through the API and places 300 ideas on the value/effort matrix ' +
			'through the sync server, so the room shows 300 own points, 300 group points and their ' +
			'labels. Chromium (`--disable-gpu`, 1280 × 900) opens the room on the matrix; Playwright ' +
			'presses the mouse on one own point and moves it around an ellipse, one mouse event ' +
			'after another, while the page records every requestAnimationFrame. Each move writes the ' +
			'ballot (coalesced to one write a frame), the server derives the tally and the group ' +
			'point follows, as in a live session. Frame time is the time between two animation frames.';
		if (!existsSync('build/handler.js')) {
			return {
				title,
				method,
				results: '_Not measured: no production build (run `npm run build` first)._',
				summary: `${title}: not measured (no build)`,
				checks: [{ target: TARGET, holds: null, evidence: 'no production build to run' }]
			};
		}
		const result = await benchMatrixFps(300, quick ? 2 : 5);
		log(`${result.frames} frames, ${result.moves} mouse moves in ${result.seconds} s`);
		const ms = (n: number) => `${n.toFixed(1)} ms`;
		return {
			title,
			method,
			results: markdownTable(
				['ideas', 'drag', 'mouse moves', 'frames', 'fps', 'median frame', 'p95 frame', 'longest'],
				[
					[
						String(result.ideas),
						`${result.seconds} s`,
						String(result.moves),
						String(result.frames),
						result.fps.toFixed(1),
						ms(result.median),
						ms(result.p95),
						ms(result.max)
					]
				]
			),
			summary: `${result.fps.toFixed(1)} fps, median frame ${ms(result.median)}, p95 ${ms(result.p95)}`,
			checks: [
				{
					target: TARGET,
					holds: result.fps >= TARGET_FPS,
					evidence: `${result.fps.toFixed(1)} fps over ${result.seconds} s of dragging; frame time median ${ms(result.median)}, p95 ${ms(result.p95)}`
				}
			]
		};
	}
};

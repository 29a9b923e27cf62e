/**
 * How long the weighted scorecard's sensitivity analysis takes for a large workshop: 300 ideas
 * scored by 40 people on the default criteria (the seeded sample workshop), 1,000 random
 * weightings of ±20 %. It runs in a worker in the room, so this is how long the room waits for
 * "#1 in N % of weightings" after a weight changes. Bounded: a fixed number of runs.
 */
import { performance } from 'node:perf_hooks';
import { markdownTable, type Bench } from './bench.ts';
import { sampleWorkshop } from '../src/lib/model/frameworks/sample-workshop.ts';
import {
	DEFAULT_CRITERIA,
	summarizeScorecard
} from '../src/lib/model/frameworks/scorecard/scorecard.ts';
import { DEFAULT_DRAWS, DEFAULT_VARIATION, sensitivity } from '../src/lib/model/sensitivity.ts';

const TARGET_MS = 200;

export function benchSensitivity(ideas = 300, voters = 40, runs = 20, warmup = 3) {
	const { ballots } = sampleWorkshop(ideas, voters, 42);
	const rows = summarizeScorecard(
		ballots.map((b) => ({ voter: b.voter, entries: b.frameworks.scorecard as never })),
		DEFAULT_CRITERIA
	);
	const times: number[] = [];
	let ranked = 0;
	for (let i = 0; i < warmup + runs; i++) {
		const start = performance.now();
		const result = sensitivity({ rows, criteria: DEFAULT_CRITERIA, seed: i + 1 });
		if (i >= warmup) times.push(performance.now() - start);
		ranked = result.ideas.length;
	}
	times.sort((a, b) => a - b);
	return {
		ideas: ranked,
		voters,
		runs,
		median: times[Math.floor(times.length / 2)],
		max: times[times.length - 1]
	};
}

/** The sensitivity benchmark as a section of docs/benchmarks.md. */
export const sensitivityBench: Bench = {
	id: 'sensitivity',
	async run({ quick }) {
		const result = benchSensitivity(300, 40, quick ? 5 : 20, quick ? 1 : 3);
		const ms = (n: number) => `${n.toFixed(1)} ms`;
		return {
			title: 'Sensitivity: 300 ideas × the default criteria × 1,000 weightings',
			method:
				'The seeded sample workshop’s scorecard (300 ideas, 40 voters, the 7 default criteria), ' +
				`summarized once; then \`sensitivity\` (src/lib/model/sensitivity.ts) with ${DEFAULT_DRAWS} ` +
				`draws of every weight ±${DEFAULT_VARIATION * 100} %, a new seed per run, timed in one ` +
				'process after warm-up runs. In the room it runs in a worker (sensitivity.worker.ts), so ' +
				'this is the wait, not main-thread time.',
			results: markdownTable(
				['ideas ranked', 'draws', 'runs', 'median', 'max'],
				[
					[
						String(result.ideas),
						String(DEFAULT_DRAWS),
						String(result.runs),
						ms(result.median),
						ms(result.max)
					]
				]
			),
			summary: `sensitivity median ${ms(result.median)}, max ${ms(result.max)}`,
			checks: [
				{
					target: `Sensitivity for 300 ideas in ≤ ${TARGET_MS} ms, off the main thread (issue 5)`,
					holds: result.median <= TARGET_MS,
					evidence: `median ${ms(result.median)}, max ${ms(result.max)} (${DEFAULT_DRAWS} draws)`
				}
			]
		};
	}
};

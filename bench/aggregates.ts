/**
 * How long recomputing every aggregate of a large workshop takes: 300 ideas × 40 voters with every
 * framework filled in (the sample workshop), through computeAll and through the server's whole
 * tally derivation (validation, aggregates, the tally's maps). Bounded: a fixed number of runs.
 */
import { performance } from 'node:perf_hooks';
import { markdownTable, type Bench } from './bench.ts';
import { computeAll } from '../src/lib/model/frameworks/all.ts';
import { FRAMEWORK_IDS } from '../src/lib/model/frameworks/index.ts';
import { sampleObjectives, sampleWorkshop } from '../src/lib/model/frameworks/sample-workshop.ts';
import { DEFAULT_CRITERIA } from '../src/lib/model/frameworks/scorecard.ts';
import { deriveTally } from '../server/voting/derive.ts';
import type { Member } from '../server/db/workshops.ts';
import type { Settings } from '../src/lib/model/control.ts';

export interface AggregatesResult {
	ideas: number;
	voters: number;
	runs: number;
	computeAll: { median: number; p95: number };
	derive: { median: number; p95: number };
}

function summary(times: number[]) {
	const sorted = [...times].sort((a, b) => a - b);
	return {
		median: sorted[Math.floor(sorted.length / 2)],
		p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]
	};
}

export function benchAggregates(ideas = 300, voters = 40, runs = 30, warmup = 5): AggregatesResult {
	const { ideaIds, ballots } = sampleWorkshop(ideas, voters, 42);
	const settings = { objectives: sampleObjectives, criteria: DEFAULT_CRITERIA };
	const members: Member[] = ballots.map((b) => ({
		userId: b.voter.userId,
		name: b.voter.name,
		function: b.voter.function,
		role: 'participant',
		isGuest: false,
		proxy: false
	}));
	const controlSettings: Settings = {
		frameworks: [...FRAMEWORK_IDS],
		blind: false,
		anonymous: false,
		revealed: new Set(),
		hideFunctions: false,
		dotsPerPerson: 5,
		budgetPerPerson: 100,
		mustShareLimit: 0.6,
		criteria: [...DEFAULT_CRITERIA],
		objectives: sampleObjectives,
		moscowFinal: new Map(),
		prices: new Map()
	};
	const raw = ballots.map((b, i) => ({
		member: members[i],
		entries: new Map(Object.entries(b.frameworks)) as never
	}));
	const ideaList = ideaIds.map((id, i) => ({
		id,
		title: `Idea ${i}`,
		description: '',
		createdBy: 'u',
		createdAt: i
	}));

	const timeIt = (fn: () => unknown) => {
		const times: number[] = [];
		for (let i = 0; i < warmup + runs; i++) {
			const start = performance.now();
			fn();
			if (i >= warmup) times.push(performance.now() - start);
		}
		return summary(times);
	};
	return {
		ideas,
		voters,
		runs,
		computeAll: timeIt(() => computeAll({ ideaIds, ballots, settings })),
		derive: timeIt(() =>
			deriveTally({ ideas: ideaList, settings: controlSettings, ballots: raw, members })
		)
	};
}

/** The aggregates benchmark as a section of docs/benchmarks.md. */
export const aggregatesBench: Bench = {
	id: 'aggregates',
	async run({ quick }) {
		const result = benchAggregates(300, 40, quick ? 5 : 30, quick ? 1 : 5);
		const ms = (n: number) => `${n.toFixed(1)} ms`;
		return {
			title: 'Aggregates: 300 ideas × 40 participants × every framework',
			method:
				'The seeded sample workshop (src/lib/model/frameworks/sample-workshop.ts): 300 ideas, 40 ' +
				'voters, every framework filled in by everyone. Timed in one process after warm-up runs: ' +
				'`computeAll` (validation and every aggregate) and `deriveTally` (the server’s whole ' +
				'derivation: computeAll plus the tally’s maps, with individual entries visible).',
			results: markdownTable(
				['what', 'runs', 'median', 'p95'],
				[
					[
						'computeAll',
						String(result.runs),
						ms(result.computeAll.median),
						ms(result.computeAll.p95)
					],
					['deriveTally', String(result.runs), ms(result.derive.median), ms(result.derive.p95)]
				]
			),
			summary: `computeAll median ${ms(result.computeAll.median)}, deriveTally median ${ms(result.derive.median)}`,
			checks: [
				{
					target: 'Every aggregate recomputed in ≤ 20 ms (DESIGN.md, issue 3)',
					holds: result.computeAll.median <= 20,
					evidence: `computeAll median ${ms(result.computeAll.median)}, p95 ${ms(result.computeAll.p95)}`
				}
			]
		};
	}
};

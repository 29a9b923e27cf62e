/**
 * How long recomputing every aggregate of a large workshop takes: 300 ideas × 40 voters with every
 * framework filled in (the sample workshop), through computeAll and through the server's whole
 * tally derivation (validation, aggregates, the tally's maps). Bounded: a fixed number of runs.
 */
import { performance } from 'node:perf_hooks';
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
		isGuest: false
	}));
	const controlSettings: Settings = {
		frameworks: [...FRAMEWORK_IDS],
		blind: false,
		anonymous: false,
		revealed: new Set(),
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

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(benchAggregates(), null, 2));
}

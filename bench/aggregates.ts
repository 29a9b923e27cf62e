/**
 * How long bringing every aggregate of a large workshop up to date takes: 300 ideas × 40 voters
 * with every framework filled in (the sample workshop). Two cases, both reported:
 * - from scratch: `computeAll`, and the server's whole tally derivation (`deriveTally`:
 *   validation, aggregates, the tally's maps), as after a settings change;
 * - incremental, as in a live session: one voter changes one entry (a different voter, framework
 *   and idea each run), then the workshop's WorkshopAggregator, or its tally derivation, brings
 *   every aggregate up to date.
 * Steady state after warm-up runs, as in a server whose aggregation code the live session keeps
 * hot: V8 takes about twenty full recomputes to finish optimizing it. The very first recompute in
 * a fresh process, before any of that, is reported on its own.
 * Bounded: a fixed number of runs. Times are wall clock and, beside them, the process's CPU time,
 * which other work on the machine disturbs less.
 */
import { mulberry32 } from '../src/lib/model/random.ts';
import { performance } from 'node:perf_hooks';
import { markdownTable, type Bench } from './bench.ts';
import { computeAll, WorkshopAggregator } from '../src/lib/model/frameworks/aggregator.ts';
import { FRAMEWORK_IDS, type FrameworkId } from '../src/lib/model/frameworks/index.ts';
import {
	entryMaker,
	sampleObjectives,
	sampleWorkshop
} from '../src/lib/model/frameworks/sample-workshop.ts';
import { DEFAULT_CRITERIA } from '../src/lib/model/frameworks/scorecard/scorecard.ts';
import {
	createTallyDerivation,
	deriveTally,
	type RawBallot
} from '../src/lib/model/tally-derivation.ts';
import type { Member } from '../src/lib/model/members.ts';
import type { Settings } from '../src/lib/model/control.ts';

interface Timing {
	median: number;
	p95: number;
	/** Median CPU time of the process per run. */
	cpu: number;
}

export interface AggregatesResult {
	ideas: number;
	voters: number;
	runs: number;
	warmup: number;
	/** The first computeAll in this process, before anything else ran the aggregation code. */
	cold: number;
	computeAll: Timing;
	derive: Timing;
	incremental: { runs: number; update: Timing; derive: Timing };
}

function summary(times: number[], cpu: number[]): Timing {
	const sorted = [...times].sort((a, b) => a - b);
	const cpuSorted = [...cpu].sort((a, b) => a - b);
	return {
		median: sorted[Math.floor(sorted.length / 2)],
		p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
		cpu: cpuSorted[Math.floor(cpuSorted.length / 2)]
	};
}

/** Times `fn` after `warmup` untimed runs; `prepare` runs untimed before each. */
function timeIt(runs: number, warmup: number, fn: () => unknown, prepare = () => {}): Timing {
	const times: number[] = [];
	const cpu: number[] = [];
	for (let i = 0; i < warmup + runs; i++) {
		prepare();
		const cpuStart = process.cpuUsage();
		const start = performance.now();
		fn();
		const elapsed = performance.now() - start;
		const used = process.cpuUsage(cpuStart);
		if (i < warmup) continue;
		times.push(elapsed);
		cpu.push((used.user + used.system) / 1000);
	}
	return summary(times, cpu);
}

export function benchAggregates(
	ideas = 300,
	voters = 40,
	runs = 50,
	warmup = 20,
	changes = 200
): AggregatesResult {
	const { ideaIds, ballots } = sampleWorkshop(ideas, voters, 42);
	const settings = { objectives: sampleObjectives, criteria: DEFAULT_CRITERIA };
	const coldStart = performance.now();
	computeAll({ ideaIds, ballots, settings });
	const cold = performance.now() - coldStart;
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
		revealedIdeas: new Set(),
		hideFunctions: false,
		dotsPerPerson: 5,
		budgetPerPerson: 100,
		mustShareLimit: 0.6,
		criteria: [...DEFAULT_CRITERIA],
		objectives: sampleObjectives,
		moscowFinal: new Map(),
		prices: new Map()
	};
	const raw: RawBallot[] = ballots.map((b, i) => ({
		member: members[i],
		entries: new Map(Object.entries(b.frameworks)) as RawBallot['entries']
	}));
	const ideaList = ideaIds.map((id, i) => ({
		id,
		title: `Idea ${i}`,
		description: '',
		createdBy: 'u',
		createdAt: i
	}));
	const derive = () =>
		deriveTally({ ideas: ideaList, settings: controlSettings, ballots: raw, members });

	// One voter changes one entry: a new Map for that framework of their ballot, as the server
	// reads a changed ballot again; every other Map stays the same object.
	const random = mulberry32(7);
	const make = entryMaker(random);
	const change = () => {
		const v = Math.floor(random() * voters);
		const framework = make.pick(FRAMEWORK_IDS) as FrameworkId;
		const ideaId = make.pick(ideaIds);
		const entries = new Map(ballots[v].frameworks[framework]);
		if (framework === 'dots' || framework === 'budget') {
			// Move one unit from one idea to another, staying within the allowance.
			const [from] = [...entries].find(([, amount]) => (amount as number) > 0) ?? [];
			if (from !== undefined) entries.set(from, (entries.get(from) as number) - 1);
			entries.set(ideaId, ((entries.get(ideaId) as number) ?? 0) + 1);
		} else entries.set(ideaId, make[framework]());
		ballots[v] = { ...ballots[v], frameworks: { ...ballots[v].frameworks, [framework]: entries } };
		const next = new Map(raw[v].entries);
		next.set(framework, entries);
		raw[v] = { member: members[v], entries: next };
	};
	const aggregator = new WorkshopAggregator();
	aggregator.update({ ideaIds, ballots, settings });
	const derivation = createTallyDerivation();
	derivation({ ideas: ideaList, settings: controlSettings, ballots: raw, members });

	return {
		ideas,
		voters,
		runs,
		warmup,
		cold,
		computeAll: timeIt(runs, warmup, () => computeAll({ ideaIds, ballots, settings })),
		derive: timeIt(runs, warmup, derive),
		incremental: {
			runs: changes,
			update: timeIt(
				changes,
				warmup,
				() => aggregator.update({ ideaIds, ballots, settings }),
				change
			),
			derive: timeIt(
				changes,
				warmup,
				() => derivation({ ideas: ideaList, settings: controlSettings, ballots: raw, members }),
				change
			)
		}
	};
}

/** The aggregates benchmark as a section of docs/benchmarks.md. */
export const aggregatesBench: Bench = {
	id: 'aggregates',
	async run({ quick }) {
		const result = quick
			? benchAggregates(300, 40, 5, 5, 20)
			: benchAggregates(300, 40, 50, 20, 200);
		const ms = (n: number) => `${n.toFixed(1)} ms`;
		const row = (what: string, runs: number, t: Timing) => [
			what,
			String(runs),
			ms(t.median),
			ms(t.p95),
			ms(t.cpu)
		];
		const { incremental } = result;
		return {
			title: 'Aggregates: 300 ideas × 40 participants × every framework',
			method:
				'The seeded sample workshop (src/lib/model/frameworks/sample-workshop.ts): 300 ideas, 40 ' +
				'voters, every framework filled in by everyone (108k entries). Timed in one process, ' +
				`in steady state: after ${result.warmup} untimed warm-up runs of each case, as V8 takes ` +
				'about twenty full recomputes to finish optimizing the aggregation code, which a live ' +
				'session keeps hot in the server. The very first `computeAll` in the process, before ' +
				'anything else ran that code, is reported on its own (cold). From scratch: `computeAll` (validation and every aggregate) and ' +
				'`deriveTally` (the server’s whole derivation: computeAll plus the tally’s maps, with ' +
				'individual entries visible), as after a settings change. Incremental, as in a live ' +
				'session: before each run one voter changes one entry (seeded: a different voter, ' +
				'framework and idea each time), then a `WorkshopAggregator` that has seen the previous ' +
				'ballots brings every aggregate up to date, and likewise the server’s per-workshop tally ' +
				'derivation (`createTallyDerivation`: aggregates plus the tally keys that changed). ' +
				'CPU is the process’s CPU time per run (median), less disturbed by other work on the ' +
				'machine than the wall clock.',
			results: markdownTable(
				['what', 'runs', 'median', 'p95', 'CPU'],
				[
					['computeAll, from scratch, cold (first in the process)', '1', ms(result.cold), '', ''],
					row('computeAll, from scratch', result.runs, result.computeAll),
					row('deriveTally, from scratch', result.runs, result.derive),
					row('one voter changes one entry → aggregates', incremental.runs, incremental.update),
					row('one voter changes one entry → tally', incremental.runs, incremental.derive)
				]
			),
			summary:
				`from scratch: computeAll median ${ms(result.computeAll.median)} (cold ` +
				`${ms(result.cold)}), deriveTally median ` +
				`${ms(result.derive.median)}; one changed entry: aggregates median ` +
				`${ms(incremental.update.median)}, tally median ${ms(incremental.derive.median)}`,
			checks: [
				{
					target:
						'Every aggregate current ≤ 20 ms after one voter changes one entry (incremental; DESIGN.md, issue 3)',
					holds: incremental.update.median <= 20 && incremental.derive.median <= 20,
					evidence:
						`aggregates median ${ms(incremental.update.median)} (p95 ${ms(incremental.update.p95)}), ` +
						`whole tally median ${ms(incremental.derive.median)} (p95 ${ms(incremental.derive.p95)})`
				},
				{
					target: 'Every aggregate recomputed from scratch in ≤ 20 ms (DESIGN.md, issue 3)',
					holds: result.computeAll.median <= 20,
					evidence:
						`computeAll median ${ms(result.computeAll.median)}, p95 ${ms(result.computeAll.p95)}, ` +
						`CPU ${ms(result.computeAll.cpu)}; the first in a fresh process ${ms(result.cold)}`
				}
			]
		};
	}
};

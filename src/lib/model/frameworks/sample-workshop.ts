import { mulberry32 } from '../random.ts';
import { FUNCTIONS } from '../functions.ts';
import type { WorkshopBallot } from './aggregates.ts';
import { FRAMEWORK_IDS, type FrameworkId } from './index.ts';
import type { Objective } from './okr/okr.ts';
import { DEFAULT_CRITERIA } from './scorecard/scorecard.ts';

export const sampleObjectives: Objective[] = [
	{
		id: 'o1',
		title: 'Grow',
		keyResults: [
			{ id: 'kr1', title: 'ARR' },
			{ id: 'kr2', title: 'Churn' }
		]
	},
	{ id: 'o2', title: 'Delight', keyResults: [{ id: 'kr3', title: 'NPS' }] }
];

/** Valid random entries of the per-idea frameworks, drawn from `random`. */
export function entryMaker(random: () => number) {
	const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	const fib = [1, 2, 3, 5, 8, 13, 20];
	return {
		pick,
		int,
		matrix: () => ({ value: int(0, 100), effort: int(0, 100) }),
		rice: () => ({
			reach: int(0, 5000),
			impact: pick([0.25, 0.5, 1, 2, 3]),
			confidence: pick([50, 80, 100]),
			effort: int(1, 24)
		}),
		ice: () => ({ impact: int(1, 10), confidence: int(1, 10), ease: int(1, 10) }),
		wsjf: () => ({
			businessValue: pick(fib),
			timeCriticality: pick(fib),
			riskReduction: pick(fib),
			jobSize: pick(fib)
		}),
		scorecard: () => Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, int(1, 5)])),
		moscow: () => pick(['must', 'should', 'could', 'wont']),
		okr: () => ({ [pick(['kr1', 'kr2', 'kr3'])]: pick(['weak', 'medium', 'strong']) })
	};
}

/**
 * A large workshop with every framework filled in, generated from a seed: the same on every run,
 * for tests and for the aggregation benchmark.
 */
export function sampleWorkshop(ideas: number, voters: number, seed: number) {
	const random = mulberry32(seed);
	const make = entryMaker(random);
	const pick = make.pick;
	const ideaIds = Array.from({ length: ideas }, (_, i) => `idea-${String(i).padStart(3, '0')}`);
	const ballots: (WorkshopBallot & { frameworks: Record<FrameworkId, Map<string, unknown>> })[] =
		[];
	for (let v = 0; v < voters; v++) {
		const entries = Object.fromEntries(
			FRAMEWORK_IDS.map((id) => [id, new Map<string, unknown>()])
		) as Record<FrameworkId, Map<string, unknown>>;
		for (const ideaId of ideaIds) {
			entries.matrix.set(ideaId, make.matrix());
			entries.rice.set(ideaId, make.rice());
			entries.ice.set(ideaId, make.ice());
			entries.wsjf.set(ideaId, make.wsjf());
			entries.scorecard.set(ideaId, make.scorecard());
			entries.moscow.set(ideaId, make.moscow());
			if (random() < 0.3) entries.okr.set(ideaId, make.okr());
		}
		for (let dot = 0; dot < 5; dot++) {
			const ideaId = pick(ideaIds);
			entries.dots.set(ideaId, ((entries.dots.get(ideaId) as number) ?? 0) + 1);
		}
		for (let pledge = 0; pledge < 4; pledge++) entries.budget.set(pick(ideaIds), 25);
		ballots.push({
			voter: { userId: `user-${v}`, name: `Voter ${v}`, function: FUNCTIONS[v % FUNCTIONS.length] },
			frameworks: entries
		});
	}
	return { ideaIds, ballots };
}

import { FUNCTIONS } from '../functions.ts';
import type { WorkshopBallot } from './all.ts';
import { FRAMEWORK_IDS, type FrameworkId } from './index.ts';
import type { Objective } from './okr.ts';
import { DEFAULT_CRITERIA } from './scorecard.ts';

/**
 * A large workshop with every framework filled in, generated from a seed: the same on every run,
 * for tests and for the aggregation benchmark.
 */
/** mulberry32: a small seeded generator, so the large workshop is the same on every run. */
function seeded(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

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

export function sampleWorkshop(ideas: number, voters: number, seed: number) {
	const random = seeded(seed);
	const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	const ideaIds = Array.from({ length: ideas }, (_, i) => `idea-${String(i).padStart(3, '0')}`);
	const ballots: (WorkshopBallot & { frameworks: Record<FrameworkId, Map<string, unknown>> })[] =
		[];
	for (let v = 0; v < voters; v++) {
		const entries = Object.fromEntries(
			FRAMEWORK_IDS.map((id) => [id, new Map<string, unknown>()])
		) as Record<FrameworkId, Map<string, unknown>>;
		for (const ideaId of ideaIds) {
			entries.matrix.set(ideaId, { value: int(0, 100), effort: int(0, 100) });
			entries.rice.set(ideaId, {
				reach: int(0, 5000),
				impact: pick([0.25, 0.5, 1, 2, 3]),
				confidence: pick([50, 80, 100]),
				effort: int(1, 24)
			});
			entries.ice.set(ideaId, { impact: int(1, 10), confidence: int(1, 10), ease: int(1, 10) });
			const fib = [1, 2, 3, 5, 8, 13, 20];
			entries.wsjf.set(ideaId, {
				businessValue: pick(fib),
				timeCriticality: pick(fib),
				riskReduction: pick(fib),
				jobSize: pick(fib)
			});
			entries.scorecard.set(
				ideaId,
				Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, int(1, 5)]))
			);
			entries.moscow.set(ideaId, pick(['must', 'should', 'could', 'wont']));
			if (random() < 0.3)
				entries.okr.set(ideaId, {
					[pick(['kr1', 'kr2', 'kr3'])]: pick(['weak', 'medium', 'strong'])
				});
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

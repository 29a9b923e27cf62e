import { describe, expect, it } from 'vitest';
import type { Placement } from '../board.ts';
import { FUNCTIONS } from '../functions.ts';
import { summarize } from '../matrix.ts';
import { computeAll, type WorkshopBallot } from './all.ts';
import { FRAMEWORK_IDS, type FrameworkId } from './index.ts';
import type { Objective } from './okr.ts';
import { DEFAULT_CRITERIA } from './scorecard.ts';

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

const objectives: Objective[] = [
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

function workshop(ideas: number, voters: number, seed: number) {
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

describe('computeAll', () => {
	it('computes every framework for 300 ideas × 40 voters', () => {
		const { ideaIds, ballots } = workshop(300, 40, 42);
		// Two planted mistakes, to be reported and left out.
		ballots[0].frameworks.ice.set('idea-000', { impact: 11, confidence: 5, ease: 5 });
		ballots[1].frameworks.moscow.set('idea-001', 'maybe');
		const all = computeAll({ ideaIds, ballots, settings: { objectives } });

		expect(all.rejected).toEqual([
			{
				userId: 'user-0',
				framework: 'ice',
				ideaId: 'idea-000',
				reason: 'Impact must be a whole number from 1 to 10'
			},
			{
				userId: 'user-1',
				framework: 'moscow',
				ideaId: 'idea-001',
				reason: "The bucket must be one of Must, Should, Could or Won't"
			}
		]);
		for (const framework of ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const) {
			const aggregate = all[framework];
			expect(aggregate?.rows).toHaveLength(300);
			expect(aggregate?.consensus.ideas).toHaveLength(300);
			expect(aggregate?.ranking).toHaveLength(300);
			expect(aggregate?.ranking[0].rank).toBe(1);
			for (const idea of aggregate?.consensus.ideas ?? []) {
				expect(idea.byFunction).toHaveLength(FUNCTIONS.length);
				expect(idea.divergence).toBeGreaterThanOrEqual(0);
			}
		}
		expect(all.ice?.rows.find((row) => row.ideaId === 'idea-000')?.count).toBe(39);
		const first = all.matrix?.rows.find((row) => row.ideaId === 'idea-000');
		const placements = ballots.map((b) => b.frameworks.matrix.get('idea-000') as Placement);
		expect(first).toMatchObject({ ...summarize(placements) });
		expect(all.moscow?.rows).toHaveLength(300);
		expect(all.moscow?.mustEffort.unestimated).toEqual([]);
		expect(all.okr?.coverage).toHaveLength(2);
		expect(all.dots?.voters.every((v) => v.used === 5 && v.remaining === 0)).toBe(true);
		expect(all.budget?.ideas).toHaveLength(300);
		expect(all.budget?.voters.every((v) => v.used <= 100)).toBe(true);
	});

	it('feeds the matrix’s median effort to MoSCoW and buy-a-feature unless prices are set, and ignores removed ideas', () => {
		const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });
		const all = computeAll({
			ideaIds: ['a', 'b'],
			ballots: [
				{
					voter: voter('u1'),
					frameworks: {
						matrix: new Map<string, unknown>([
							['a', { value: 90, effort: 30 }],
							['b', { value: 10, effort: 10 }],
							['gone', { value: 50, effort: 50 }]
						]),
						moscow: new Map<string, unknown>([
							['a', 'must'],
							['b', 'should']
						]),
						budget: new Map<string, unknown>([['a', 30]])
					}
				},
				{
					voter: voter('u2'),
					frameworks: { matrix: new Map<string, unknown>([['a', { value: 70, effort: 50 }]]) }
				}
			],
			settings: { enabled: ['matrix', 'moscow', 'budget'], budgetPerPerson: 40 }
		});
		// a: efforts 30 and 50 → median 40; b: 10. Musts 40 of 40 + 10 = 0.8 > 0.6
		expect(all.matrix?.rows.map((r) => [r.ideaId, r.median.effort])).toEqual([
			['a', 40],
			['b', 10]
		]);
		expect(all.moscow?.mustEffort).toMatchObject({
			mustEffort: 40,
			totalEffort: 50,
			share: 0.8,
			warning: true
		});
		// a costs 40, 30 pledged: 10 short; u1 has 40 − 30 = 10 left
		expect(all.budget?.ideas[0]).toMatchObject({
			ideaId: 'a',
			pledged: 30,
			price: 40,
			shortfall: 10
		});
		expect(all.budget?.voters).toEqual([{ userId: 'u1', used: 30, remaining: 10 }]);
		expect(all.rice).toBeNull();
		const priced = computeAll({
			ideaIds: ['a'],
			ballots: [{ voter: voter('u1'), frameworks: { budget: new Map([['a', 30]]) } }],
			settings: { enabled: ['budget'], prices: new Map([['a', 25]]) }
		});
		expect(priced.budget?.ideas[0]).toMatchObject({ price: 25, bought: true });
		expect(all.rejected).toEqual([]);
	});

	it('gives empty aggregates for a workshop nobody voted in', () => {
		const all = computeAll({ ideaIds: ['a'], ballots: [] });
		expect(all.matrix?.rows).toEqual([]);
		expect(all.rice?.ranking).toEqual([]);
		expect(all.okr?.unaligned).toEqual(['a']);
		expect(all.moscow?.mustEffort.share).toBe(0);
		expect(all.dots).toEqual({ ideas: [], voters: [] });
	});
});

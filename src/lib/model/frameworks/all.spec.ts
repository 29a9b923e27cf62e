import { describe, expect, it } from 'vitest';
import type { Placement } from '../board.ts';
import { FUNCTIONS } from '../functions.ts';
import { summarize } from '../matrix.ts';
import { computeAll } from './all.ts';
import { sampleObjectives, sampleWorkshop } from './sample-workshop.ts';

describe('computeAll', () => {
	it('computes every framework for 300 ideas × 40 voters', () => {
		const { ideaIds, ballots } = sampleWorkshop(300, 40, 42);
		// Two planted mistakes, to be reported and left out.
		ballots[0].frameworks.ice.set('idea-000', { impact: 11, confidence: 5, ease: 5 });
		ballots[1].frameworks.moscow.set('idea-001', 'maybe');
		const all = computeAll({ ideaIds, ballots, settings: { objectives: sampleObjectives } });

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

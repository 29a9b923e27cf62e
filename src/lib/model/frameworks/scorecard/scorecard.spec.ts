import { describe, expect, it } from 'vitest';
import type { BallotOf } from '../ballot.ts';
import {
	contribution,
	DEFAULT_CRITERIA,
	personalComposite,
	reweigh,
	summarizeScorecard,
	type Criterion,
	type ScorecardEntry
} from './scorecard.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

const criteria: Criterion[] = [
	{ id: 'impact', name: 'Impact', weight: 3, direction: 'benefit' },
	{ id: 'feasibility', name: 'Feasibility', weight: 1, direction: 'benefit' },
	{ id: 'dependencies', name: 'Dependencies', weight: 1, direction: 'cost' }
];

const score = (impact: number, feasibility: number, dependencies: number) => ({
	impact,
	feasibility,
	dependencies
});

const ballots: BallotOf<ScorecardEntry>[] = [
	{
		voter: voter('p'),
		entries: new Map([
			['x', score(5, 2, 4)],
			['y', score(2, 5, 1)]
		])
	},
	{
		voter: voter('q'),
		entries: new Map([
			['x', score(3, 4, 2)],
			['y', score(2, 5, 1)]
		])
	},
	{ voter: voter('r'), entries: new Map([['x', score(4, 3, 5)]]) }
];

describe('DEFAULT_CRITERIA', () => {
	it('suggests seven criteria whose weights read as percentages, dependencies as a cost', () => {
		expect(DEFAULT_CRITERIA).toHaveLength(7);
		expect(DEFAULT_CRITERIA.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
		expect(DEFAULT_CRITERIA.filter((c) => c.direction === 'cost').map((c) => c.id)).toEqual([
			'dependencies'
		]);
	});
});

describe('contribution', () => {
	it('keeps a benefit score and flips a cost score to 6 − score', () => {
		expect(contribution(4, 'benefit')).toBe(4);
		expect(contribution(4, 'cost')).toBe(2);
		expect(contribution(5, 'cost')).toBe(1);
	});
});

describe('personalComposite', () => {
	it('is the weighted mean of contributions', () => {
		// (3 × 5 + 1 × 2 + 1 × (6 − 4)) / (3 + 1 + 1) = 19 / 5
		expect(personalComposite(score(5, 2, 4), criteria)).toBe(3.8);
	});

	it('counts only the criteria the person scored', () => {
		// impact alone: 3 × 5 / 3
		expect(personalComposite({ impact: 5 }, criteria)).toBe(5);
	});

	it('is null when the scored criteria weigh nothing', () => {
		const unweighted = criteria.map((c) => ({ ...c, weight: 0 }));
		expect(personalComposite(score(5, 2, 4), unweighted)).toBeNull();
	});
});

describe('summarizeScorecard', () => {
	it('composes the per-criterion medians and breaks the composite down for a stacked bar', () => {
		// x: medians impact 4 (5 3 4), feasibility 3 (2 4 3), dependencies 4 (4 2 5) → cost 6 − 4 = 2
		//    composite (3 × 4 + 1 × 3 + 1 × 2) / 5 = 17 / 5 = 3.4; parts 12/5, 3/5, 2/5
		// y: medians 2, 5, 1 → cost 5; composite (3 × 2 + 5 + 5) / 5 = 16 / 5 = 3.2
		const [x, y] = summarizeScorecard(ballots, criteria);
		expect(x).toEqual({
			ideaId: 'x',
			rank: 1,
			count: 3,
			composite: 3.4,
			breakdown: [
				{ criterionId: 'impact', count: 3, median: 4, contribution: 4, weighted: 2.4 },
				{ criterionId: 'feasibility', count: 3, median: 3, contribution: 3, weighted: 0.6 },
				{ criterionId: 'dependencies', count: 3, median: 4, contribution: 2, weighted: 0.4 }
			]
		});
		expect(y).toMatchObject({ ideaId: 'y', rank: 2, count: 2, composite: 3.2 });
		const parts = x.breakdown.reduce((sum, part) => sum + part.weighted, 0);
		expect(parts).toBeCloseTo(3.4, 10);
	});

	it('ignores scores for criteria not in the list', () => {
		const extra = [{ voter: voter('p'), entries: new Map([['x', { impact: 5, retired: 1 }]]) }];
		expect(summarizeScorecard(extra, criteria)[0].breakdown.map((p) => p.criterionId)).toEqual([
			'impact'
		]);
	});

	it('lists an idea that cannot be weighed last, without a rank', () => {
		const zero = [{ ...criteria[0], weight: 0 }, ...criteria.slice(1)];
		const rows = summarizeScorecard(
			[
				{
					voter: voter('p'),
					entries: new Map<string, ScorecardEntry>([
						['only-impact', { impact: 5 }],
						['x', score(1, 1, 5)]
					])
				}
			],
			zero
		);
		// x: (0 × 1 + 1 × 1 + 1 × (6 − 5)) / 2 = 1
		expect(rows.map((r) => [r.ideaId, r.rank, r.composite])).toEqual([
			['x', 1, 1],
			['only-impact', null, null]
		]);
	});

	it('gives no rows when nobody scored', () => {
		expect(summarizeScorecard([], criteria)).toEqual([]);
	});
});

describe('reweigh', () => {
	it('re-ranks when a weight changes, without the ballots', () => {
		const rows = summarizeScorecard(ballots, criteria);
		const feasibilityFirst = criteria.map((c) => ({
			...c,
			weight: c.id === 'impact' ? 1 : c.id === 'feasibility' ? 3 : 1
		}));
		// x: (1 × 4 + 3 × 3 + 1 × 2) / 5 = 15 / 5 = 3
		// y: (1 × 2 + 3 × 5 + 1 × 5) / 5 = 22 / 5 = 4.4 → y overtakes x
		const reweighed = reweigh(rows, feasibilityFirst);
		expect(reweighed.map((r) => [r.ideaId, r.rank, r.composite])).toEqual([
			['y', 1, 4.4],
			['x', 2, 3]
		]);
		expect(reweighed).toEqual(summarizeScorecard(ballots, feasibilityFirst));
	});
});

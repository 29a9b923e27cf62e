import { describe, expect, it } from 'vitest';
import type { SensitivityResult } from '$lib/model/sensitivity.ts';
import { rankRangeRows, rankScale, rankTicks } from './rank-ranges.ts';

const result: SensitivityResult = {
	draws: 1000,
	variation: 0.2,
	seed: 1,
	unranked: [],
	topSwap: null,
	ideas: [
		{
			ideaId: 'a',
			rank: 1,
			firstShare: 0.87,
			ranks: { min: 1, median: 1, max: 3 },
			text: '#1 in 87 % of weightings'
		},
		{
			ideaId: 'b',
			rank: 2,
			firstShare: 0.13,
			ranks: { min: 1, median: 2, max: 2 },
			text: '#1 in 13 % of weightings'
		},
		{
			ideaId: 'c',
			rank: 3,
			firstShare: 0,
			ranks: { min: 3, median: 3, max: 3 },
			text: '#1 in no weighting'
		}
	]
};

describe('rankRangeRows', () => {
	it('gives each idea its title, ranks and line, in rank order, up to the limit', () => {
		const rows = rankRangeRows(result, new Map([['a', 'Dark mode']]), 2);
		expect(rows).toEqual([
			{
				ideaId: 'a',
				title: 'Dark mode',
				rank: 1,
				min: 1,
				median: 1,
				max: 3,
				firstShare: 0.87,
				text: '#1 in 87 % of weightings',
				fixed: false
			},
			expect.objectContaining({ ideaId: 'b', title: 'Untitled idea', min: 1, max: 2 })
		]);
		expect(rankRangeRows(result, new Map())[2].fixed).toBe(true);
	});
});

describe('rankScale', () => {
	it('runs from rank 1 to the worst shown rank inside the padding', () => {
		const scale = rankScale(rankRangeRows(result, new Map()), 220, 10);
		expect(scale.domain()).toEqual([1, 3]);
		expect(scale(1)).toBe(10);
		expect(scale(3)).toBe(210);
	});

	it('keeps a length when every row holds rank 1', () => {
		const rows = rankRangeRows({ ...result, ideas: result.ideas.slice(0, 1) }, new Map());
		rows[0].max = 1;
		expect(rankScale(rows, 100).domain()).toEqual([1, 2]);
	});
});

describe('rankTicks', () => {
	it('has whole ranks only, with the first and the last', () => {
		const rows = rankRangeRows(result, new Map());
		rows[0].max = 37;
		const ticks = rankTicks(rankScale(rows, 400));
		expect(ticks[0]).toBe(1);
		expect(ticks.at(-1)).toBe(37);
		expect(ticks.every(Number.isInteger)).toBe(true);
		expect(new Set(ticks).size).toBe(ticks.length);
		// No tick crowds the label of rank 1.
		expect(ticks[1] - ticks[0]).toBeGreaterThanOrEqual((ticks[2] - ticks[1]) / 2);
	});
});

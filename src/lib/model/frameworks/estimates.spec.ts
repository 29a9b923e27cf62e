import { describe, expect, it } from 'vitest';
import type { BallotOf } from './ballot.ts';
import { summarizeEstimates, type EstimateShape } from './estimates.ts';

interface Toy {
	x: number;
	y: number;
}

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });
const toy: EstimateShape<Toy> = {
	fields: 2,
	read: (entry, out, i, n) => {
		out[i] = entry.x;
		out[n + i] = entry.y;
	},
	make: ([x, y]) => ({ x, y }),
	formula: ({ x, y }) => x * y
};

describe('summarizeEstimates', () => {
	it('scores the per-field medians and reports the median of personal scores beside it', () => {
		const ballots: BallotOf<Toy>[] = [
			{ voter: voter('u1'), entries: new Map([['a', { x: 1, y: 10 }]]) },
			{ voter: voter('u2'), entries: new Map([['a', { x: 3, y: 2 }]]) },
			{ voter: voter('u3'), entries: new Map([['a', { x: 5, y: 4 }]]) }
		];
		// medians x 3, y 4 → score 12; personal 10, 6, 20 → sorted 6 10 20, median 10,
		// Q1 at 0.5 → 8, Q3 at 1.5 → 15, IQR 7
		expect(summarizeEstimates(ballots, toy)).toEqual([
			{
				ideaId: 'a',
				rank: 1,
				count: 3,
				median: { x: 3, y: 4 },
				score: 12,
				medianOfScores: 10,
				spread: 7
			}
		]);
	});

	it('gives no rows when nobody voted', () => {
		expect(summarizeEstimates([], toy)).toEqual([]);
	});
});

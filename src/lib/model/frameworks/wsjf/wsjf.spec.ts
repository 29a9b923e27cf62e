import { describe, expect, it } from 'vitest';
import type { BallotOf } from '../ballot.ts';
import { costOfDelay, summarizeWsjf, wsjfScore, type WsjfEntry } from './wsjf.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });
const entry = (
	businessValue: number,
	timeCriticality: number,
	riskReduction: number,
	jobSize: number
) => ({
	businessValue,
	timeCriticality,
	riskReduction,
	jobSize
});

describe('costOfDelay', () => {
	it('adds business value, time criticality and risk reduction', () => {
		// 8 + 5 + 3 = 16
		expect(costOfDelay(entry(8, 5, 3, 5))).toBe(16);
	});
});

describe('wsjfScore', () => {
	it('divides cost of delay by job size', () => {
		// 16 / 5 = 3.2
		expect(wsjfScore(entry(8, 5, 3, 5))).toBe(3.2);
	});
});

describe('summarizeWsjf', () => {
	it('scores the per-field medians', () => {
		const ballots: BallotOf<WsjfEntry>[] = [
			{ voter: voter('u1'), entries: new Map([['a', entry(8, 5, 3, 5)]]) },
			{ voter: voter('u2'), entries: new Map([['a', entry(13, 8, 2, 8)]]) }
		];
		// medians 10.5, 6.5, 2.5, 6.5 → (10.5 + 6.5 + 2.5) / 6.5 = 19.5 / 6.5 = 3
		// personal 3.2 and 23 / 8 = 2.875 → median 3.0375
		const [row] = summarizeWsjf(ballots);
		expect(row.median).toEqual(entry(10.5, 6.5, 2.5, 6.5));
		expect(row.score).toBe(3);
		expect(row.medianOfScores).toBeCloseTo(3.0375, 10);
		expect(row.count).toBe(2);
	});

	it('ranks the shorter job first when cost of delay is equal', () => {
		const ballots = [
			{
				voter: voter('u1'),
				entries: new Map([
					['big', entry(8, 8, 4, 20)],
					['small', entry(8, 8, 4, 2)]
				])
			}
		];
		// big 20 / 20 = 1, small 20 / 2 = 10
		expect(summarizeWsjf(ballots).map((row) => [row.ideaId, row.rank, row.score])).toEqual([
			['small', 1, 10],
			['big', 2, 1]
		]);
	});

	it('gives no rows when nobody voted', () => {
		expect(summarizeWsjf([])).toEqual([]);
	});
});

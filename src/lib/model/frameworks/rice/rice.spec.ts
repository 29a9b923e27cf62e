import { describe, expect, it } from 'vitest';
import type { BallotOf } from '../ballot.ts';
import { riceScore, summarizeRice, type RiceEntry } from './rice.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

describe('riceScore', () => {
	it('is reach × impact × confidence / effort, with confidence as a fraction', () => {
		// 1000 × 2 × 0.8 / 4 = 400
		expect(riceScore({ reach: 1000, impact: 2, confidence: 80, effort: 4 })).toBe(400);
	});

	it('is 0 for an idea that reaches nobody', () => {
		expect(riceScore({ reach: 0, impact: 3, confidence: 100, effort: 1 })).toBe(0);
	});
});

describe('summarizeRice', () => {
	it('ranks ideas by the score of the per-field medians', () => {
		const ballots: BallotOf<RiceEntry>[] = [
			{
				voter: voter('u1'),
				entries: new Map([
					['a', { reach: 1000, impact: 2, confidence: 80, effort: 4 }],
					['b', { reach: 100, impact: 0.5, confidence: 50, effort: 1 }]
				])
			},
			{
				voter: voter('u2'),
				entries: new Map([['a', { reach: 500, impact: 1, confidence: 100, effort: 2 }]])
			},
			{
				voter: voter('u3'),
				entries: new Map([['a', { reach: 2000, impact: 3, confidence: 50, effort: 10 }]])
			}
		];
		// a: personal 400, 500×1×1/2 = 250, 2000×3×0.5/10 = 300
		//    medians reach 1000, impact 2, confidence 80, effort 4 → 400
		//    personal sorted 250 300 400: median 300, Q1 275, Q3 350, IQR 75
		// b: one person, 100 × 0.5 × 0.5 / 1 = 25
		expect(summarizeRice(ballots)).toEqual([
			{
				ideaId: 'a',
				rank: 1,
				count: 3,
				median: { reach: 1000, impact: 2, confidence: 80, effort: 4 },
				score: 400,
				medianOfScores: 300,
				spread: 75
			},
			{
				ideaId: 'b',
				rank: 2,
				count: 1,
				median: { reach: 100, impact: 0.5, confidence: 50, effort: 1 },
				score: 25,
				medianOfScores: 25,
				spread: 0
			}
		]);
	});

	it('lets a median fall between the values of a scale, and differ from the median score', () => {
		const ballots: BallotOf<RiceEntry>[] = [
			{
				voter: voter('u1'),
				entries: new Map([['a', { reach: 100, impact: 1, confidence: 50, effort: 1 }]])
			},
			{
				voter: voter('u2'),
				entries: new Map([['a', { reach: 300, impact: 2, confidence: 100, effort: 3 }]])
			}
		];
		// personal 100×1×0.5/1 = 50 and 300×2×1/3 = 200 → median 125
		// medians reach 200, impact 1.5, confidence 75, effort 2 → 200 × 1.5 × 0.75 / 2 = 112.5
		const [row] = summarizeRice(ballots);
		expect(row.median).toEqual({ reach: 200, impact: 1.5, confidence: 75, effort: 2 });
		expect(row.score).toBe(112.5);
		expect(row.medianOfScores).toBe(125);
	});

	it('gives no rows when nobody estimated', () => {
		expect(summarizeRice([])).toEqual([]);
		expect(summarizeRice([{ voter: voter('u1'), entries: new Map() }])).toEqual([]);
	});
});

import { describe, expect, it } from 'vitest';
import type { BallotOf } from '../ballot.ts';
import { iceScore, summarizeIce, type IceEntry } from './ice.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

describe('iceScore', () => {
	it('is impact × confidence × ease', () => {
		// 8 × 5 × 3 = 120
		expect(iceScore({ impact: 8, confidence: 5, ease: 3 })).toBe(120);
	});
});

describe('summarizeIce', () => {
	it('scores the product of the medians, with the spread of personal scores', () => {
		const ballots: BallotOf<IceEntry>[] = [
			{ voter: voter('u1'), entries: new Map([['a', { impact: 8, confidence: 5, ease: 3 }]]) },
			{ voter: voter('u2'), entries: new Map([['a', { impact: 6, confidence: 7, ease: 4 }]]) },
			{ voter: voter('u3'), entries: new Map([['a', { impact: 9, confidence: 6, ease: 2 }]]) }
		];
		// personal 120, 168, 108 → sorted 108 120 168: median 120, Q1 114, Q3 144, IQR 30
		// medians impact 8, confidence 6, ease 3 → 144, which nobody gave: the group's typical estimate
		expect(summarizeIce(ballots)).toEqual([
			{
				ideaId: 'a',
				rank: 1,
				count: 3,
				median: { impact: 8, confidence: 6, ease: 3 },
				score: 144,
				medianOfScores: 120,
				spread: 30
			}
		]);
	});

	it('is the person’s own score for one voter', () => {
		const ballots = [
			{ voter: voter('u1'), entries: new Map([['a', { impact: 2, confidence: 3, ease: 4 }]]) }
		];
		expect(summarizeIce(ballots)[0]).toMatchObject({ score: 24, medianOfScores: 24, spread: 0 });
	});

	it('gives no rows when nobody voted', () => {
		expect(summarizeIce([])).toEqual([]);
	});
});

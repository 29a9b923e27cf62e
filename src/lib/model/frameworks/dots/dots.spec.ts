import { describe, expect, it } from 'vitest';
import { summarizeDots } from './dots.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

describe('summarizeDots', () => {
	it('adds up dots per idea and shows what each person has left', () => {
		const summary = summarizeDots([
			{
				voter: voter('u1'),
				entries: new Map([
					['a', 3],
					['b', 2]
				])
			},
			{
				voter: voter('u2'),
				entries: new Map([
					['a', 1],
					['c', 0]
				])
			},
			{ voter: voter('u3'), entries: new Map() }
		]);
		// a: 3 + 1 = 4 by two people; b: 2; c: 0 dots is no vote
		expect(summary.ideas).toEqual([
			{ ideaId: 'a', rank: 1, dots: 4, voters: 2 },
			{ ideaId: 'b', rank: 2, dots: 2, voters: 1 }
		]);
		// 5 − 5 = 0, 5 − 1 = 4, 5 − 0 = 5
		expect(summary.voters).toEqual([
			{ userId: 'u1', used: 5, remaining: 0 },
			{ userId: 'u2', used: 1, remaining: 4 },
			{ userId: 'u3', used: 0, remaining: 5 }
		]);
	});

	it('gives ideas with as many dots the same rank', () => {
		const summary = summarizeDots(
			[
				{
					voter: voter('u1'),
					entries: new Map([
						['a', 2],
						['b', 2],
						['c', 1]
					])
				}
			],
			10
		);
		expect(summary.ideas.map((r) => [r.ideaId, r.rank])).toEqual([
			['a', 1],
			['b', 1],
			['c', 3]
		]);
		expect(summary.voters[0].remaining).toBe(5);
	});

	it('is empty when nobody voted', () => {
		expect(summarizeDots([])).toEqual({ ideas: [], voters: [] });
	});
});

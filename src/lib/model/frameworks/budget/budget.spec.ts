import { describe, expect, it } from 'vitest';
import { summarizeBudget } from './budget.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

describe('summarizeBudget', () => {
	const prices = new Map([
		['a', 50],
		['b', 80],
		['c', 30]
	]);

	it('buys an idea when pledges cover its price, and shows budget left', () => {
		const summary = summarizeBudget(
			[
				{
					voter: voter('u1'),
					entries: new Map([
						['a', 40],
						['b', 30],
						['d', 10]
					])
				},
				{
					voter: voter('u2'),
					entries: new Map([
						['a', 10],
						['b', 20]
					])
				}
			],
			prices
		);
		// a: 40 + 10 = 50 ≥ 50 → bought; b: 30 + 20 = 50 < 80, 30 short
		// c: nothing pledged, 30 short; d: pledged 10 but has no price → cannot be bought
		expect(summary.ideas).toEqual([
			{ ideaId: 'a', pledged: 50, price: 50, bought: true, shortfall: 0, backers: 2 },
			{ ideaId: 'b', pledged: 50, price: 80, bought: false, shortfall: 30, backers: 2 },
			{ ideaId: 'd', pledged: 10, price: null, bought: false, shortfall: null, backers: 1 },
			{ ideaId: 'c', pledged: 0, price: 30, bought: false, shortfall: 30, backers: 0 }
		]);
		// u1: 100 − (40 + 30 + 10) = 20; u2: 100 − 30 = 70
		expect(summary.voters).toEqual([
			{ userId: 'u1', used: 80, remaining: 20 },
			{ userId: 'u2', used: 30, remaining: 70 }
		]);
	});

	it('buys a free idea only once somebody pledges to it', () => {
		const free = new Map([['a', 0]]);
		expect(summarizeBudget([], free).ideas[0].bought).toBe(false);
		const pledged = [{ voter: voter('u1'), entries: new Map([['a', 1]]) }];
		expect(summarizeBudget(pledged, free, 10).ideas[0]).toMatchObject({ bought: true });
	});

	it('lists priced ideas unbought when nobody voted', () => {
		const summary = summarizeBudget([], prices);
		expect(summary.voters).toEqual([]);
		expect(summary.ideas.every((row) => !row.bought && row.pledged === 0)).toBe(true);
	});
});

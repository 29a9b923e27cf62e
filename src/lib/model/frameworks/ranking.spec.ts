import { describe, expect, it } from 'vitest';
import type { Voter } from './ballot.ts';
import { summarizeConsensus } from './consensus.ts';
import { rankBy, rankConsensus, rankIdeas } from './ranking.ts';

const person = (userId: string, fn: string): Voter => ({ userId, name: userId, function: fn });
const percent = { min: 0, max: 100 };

describe('rankBy', () => {
	it('sorts in place, giving equal scores the same rank and skipping the next (1, 2, 2, 4)', () => {
		const rows = [
			{ ideaId: 'c', rank: 0, score: 5 },
			{ ideaId: 'a', rank: 0, score: 7 },
			{ ideaId: 'b', rank: 0, score: 5 },
			{ ideaId: 'd', rank: 0, score: 3 }
		];
		const ranked = rankBy(rows, (row) => row.score);
		expect(ranked).toBe(rows);
		expect(ranked.map((row) => [row.ideaId, row.rank])).toEqual([
			['a', 1],
			['b', 2],
			['c', 2],
			['d', 4]
		]);
	});

	it('treats scores that differ only by rounding as a tie', () => {
		const ranked = rankBy(
			[
				{ ideaId: 'a', rank: 0, score: 0.1 + 0.2 },
				{ ideaId: 'b', rank: 0, score: 0.3 }
			],
			(row) => row.score
		);
		expect(ranked.map((row) => row.rank)).toEqual([1, 1]);
	});
});

describe('rankIdeas', () => {
	const ballots = [
		{
			voter: person('p1', 'Product'),
			entries: new Map([
				['a', 80],
				['b', 71]
			])
		},
		{ voter: person('p2', 'Product'), entries: new Map([['a', 90]]) },
		{
			voter: person('e1', 'Engineering'),
			entries: new Map([
				['a', 40],
				['c', 10]
			])
		},
		{ voter: person('s1', 'Sales'), entries: new Map([['a', 62]]) }
	];

	it('ranks by median and names the functions that pull an idea up or down', () => {
		// a sorted 40 62 80 90: median 71, Q1 at 0.75 → 56.5, Q3 at 2.25 → 82.5, IQR 26
		// notably = 10 % of the 0–100 span = 10 points:
		// Product (80, 90) → 85, +14 up; Engineering 40, −31 down; Sales 62, −9 not notable
		// b: 71, ties with a; c: 10
		expect(rankIdeas(ballots, { scale: percent })).toEqual([
			{
				ideaId: 'a',
				rank: 1,
				score: 71,
				voters: 4,
				spread: 26,
				pulledUpBy: ['Product'],
				pulledDownBy: ['Engineering']
			},
			{ ideaId: 'b', rank: 1, score: 71, voters: 1, spread: 0, pulledUpBy: [], pulledDownBy: [] },
			{ ideaId: 'c', rank: 3, score: 10, voters: 1, spread: 0, pulledUpBy: [], pulledDownBy: [] }
		]);
	});

	it('counts Sales as pulling down with a lower bar for "notably"', () => {
		const [a] = rankIdeas(ballots, { scale: percent, notable: 0.05 });
		// 5 points: Engineering −31 first, then Sales −9
		expect(a.pulledDownBy).toEqual(['Engineering', 'Sales']);
	});

	it('ranks by the framework’s own group score when given one', () => {
		const rows = rankIdeas(ballots, { scale: percent, scores: new Map([['c', 99]]) });
		expect(rows.map((row) => [row.ideaId, row.rank, row.score])).toEqual([
			['c', 1, 99],
			['a', 2, 71],
			['b', 2, 71]
		]);
	});

	it('has no rows when nobody voted', () => {
		expect(rankIdeas([])).toEqual([]);
	});
});

describe('rankConsensus', () => {
	it('finds nobody pulling when everyone gave the same number', () => {
		const consensus = summarizeConsensus([
			{ voter: person('p1', 'Product'), entries: new Map([['a', 5]]) },
			{ voter: person('s1', 'Sales'), entries: new Map([['a', 5]]) }
		]);
		expect(rankConsensus(consensus)[0]).toMatchObject({ pulledUpBy: [], pulledDownBy: [] });
	});

	it('lists the functions furthest from the room first, equally far ones in function order', () => {
		const median = (name: string, value: number) => ({ function: name, count: 1, median: value });
		const [row] = rankConsensus({
			scale: { min: 0, max: 100 },
			ideas: [
				{
					ideaId: 'a',
					count: 6,
					median: 50,
					spread: 30,
					// Up: Product +12, Engineering +45, Design +30, Marketing +30; down: Sales −20, Support −40.
					byFunction: [
						median('Product', 62),
						median('Engineering', 95),
						median('Sales', 30),
						median('Design', 80),
						median('Marketing', 80),
						median('Support', 10)
					],
					divergence: 0.85
				}
			]
		});
		expect(row.pulledUpBy).toEqual(['Engineering', 'Design', 'Marketing', 'Product']);
		expect(row.pulledDownBy).toEqual(['Support', 'Sales']);
	});
});

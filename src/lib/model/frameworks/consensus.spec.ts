import { describe, expect, it } from 'vitest';
import type { BallotOf, Voter } from './ballot.ts';
import {
	discussFirst,
	divergence,
	functionOf,
	heatMap,
	observedScale,
	summarizeConsensus
} from './consensus.ts';

const person = (userId: string, fn: string): Voter => ({ userId, name: userId, function: fn });
const p1 = person('p1', 'Product');
const p2 = person('p2', 'Product');
const e1 = person('e1', 'Engineering');
const e2 = person('e2', 'Engineering');
const s1 = person('s1', 'Sales');

const percent = { min: 0, max: 100 };

function ballotsOf(scores: Record<string, [Voter, number][]>): BallotOf<number>[] {
	const byVoter = new Map<Voter, Map<string, number>>();
	for (const [ideaId, votes] of Object.entries(scores)) {
		for (const [voter, value] of votes) {
			if (!byVoter.has(voter)) byVoter.set(voter, new Map());
			byVoter.get(voter)?.set(ideaId, value);
		}
	}
	return [...byVoter].map(([voter, entries]) => ({ voter, entries }));
}

const ballots = ballotsOf({
	a: [
		[p1, 80],
		[p2, 60],
		[e1, 20],
		[e2, 40],
		[s1, 70]
	],
	b: [
		[p1, 50],
		[e1, 50]
	],
	c: [[p1, 90]],
	d: [
		[p1, 10],
		[s1, 90]
	]
});

describe('functionOf', () => {
	it('counts a function outside the list as Other', () => {
		expect(functionOf(s1)).toBe('Sales');
		expect(functionOf(person('f', 'Finance'))).toBe('Other');
	});
});

describe('divergence', () => {
	it('is the range of function medians over the span of the scale', () => {
		// (80 − 20) / (100 − 0)
		expect(divergence([20, 50, 80], percent)).toBe(0.6);
	});

	it('is null with one function and 0 on a scale without span', () => {
		expect(divergence([40], percent)).toBeNull();
		expect(divergence([40, 40], { min: 40, max: 40 })).toBe(0);
	});
});

describe('observedScale', () => {
	it('spans the smallest to the largest number given', () => {
		expect(observedScale(ballots)).toEqual({ min: 10, max: 90 });
	});

	it('is empty when nobody voted', () => {
		expect(observedScale([])).toEqual({ min: 0, max: 0 });
	});
});

describe('summarizeConsensus', () => {
	const consensus = summarizeConsensus(ballots, percent);

	it('gives the spread across people and the median of each function', () => {
		// a sorted 20 40 60 70 80: median 60, Q1 40, Q3 70, IQR 30
		// Product (80, 60) → 70, Engineering (20, 40) → 30, Sales → 70; divergence (70 − 30) / 100
		expect(consensus.ideas[0]).toEqual({
			ideaId: 'a',
			count: 5,
			median: 60,
			spread: 30,
			byFunction: [
				{ function: 'Product', count: 2, median: 70 },
				{ function: 'Engineering', count: 2, median: 30 },
				{ function: 'Sales', count: 1, median: 70 }
			],
			divergence: 0.4
		});
	});

	it('finds no divergence where functions agree, and none to measure with one function', () => {
		expect(consensus.ideas.map((idea) => [idea.ideaId, idea.divergence])).toEqual([
			['a', 0.4],
			['b', 0],
			['c', null],
			// (90 − 10) / 100
			['d', 0.8]
		]);
	});

	it('measures against the observed range without a scale', () => {
		// d: (90 − 10) / (90 − 10)
		expect(summarizeConsensus(ballots).ideas[3].divergence).toBe(1);
	});

	it('lists a function outside the list as Other, after the known ones', () => {
		const mixed = summarizeConsensus(
			[
				{ voter: person('f', 'Finance'), entries: new Map([['a', 10]]) },
				{ voter: p1, entries: new Map([['a', 30]]) }
			],
			percent
		);
		expect(mixed.ideas[0].byFunction.map((m) => m.function)).toEqual(['Product', 'Other']);
	});

	it('has no ideas when nobody voted', () => {
		expect(summarizeConsensus([], percent)).toEqual({ scale: percent, ideas: [] });
	});
});

describe('discussFirst', () => {
	it('orders ideas the functions disagree on by divergence, leaving out agreement', () => {
		const consensus = summarizeConsensus(ballots, percent);
		expect(discussFirst(consensus).map((idea) => idea.ideaId)).toEqual(['d', 'a']);
		expect(discussFirst(consensus, 1).map((idea) => idea.ideaId)).toEqual(['d']);
	});

	it('puts the wider spread first among equal divergence', () => {
		const tied = summarizeConsensus(
			ballotsOf({
				// both: Product 60, Engineering 40 → divergence 0.2
				narrow: [
					[p1, 60],
					[e1, 40]
				],
				wide: [
					[p1, 100],
					[p2, 20],
					[e1, 40]
				]
			}),
			percent
		);
		expect(discussFirst(tied).map((idea) => idea.ideaId)).toEqual(['wide', 'narrow']);
	});
});

describe('heatMap', () => {
	it('gives each function’s median and how far it sits from the room, as a share of the scale', () => {
		const consensus = summarizeConsensus(ballots, percent);
		const map = heatMap(discussFirst(consensus), consensus.scale);
		expect(map.ideas).toEqual(['d', 'a']);
		expect(map.functions).toEqual(['Product', 'Engineering', 'Sales']);
		// d: median of 10 and 90 is 50 → Product (10 − 50) / 100, Sales (90 − 50) / 100
		// a: median 60 → Product (70 − 60) / 100, Engineering (30 − 60) / 100, Sales (70 − 60) / 100
		expect(map.cells.map((c) => [c.ideaId, c.function, c.median, c.deviation])).toEqual([
			['d', 'Product', 10, -0.4],
			['d', 'Sales', 90, 0.4],
			['a', 'Product', 70, 0.1],
			['a', 'Engineering', 30, -0.3],
			['a', 'Sales', 70, 0.1]
		]);
	});

	it('is empty without ideas', () => {
		expect(heatMap([], percent)).toEqual({ ideas: [], functions: [], cells: [] });
	});
});

import { describe, expect, it } from 'vitest';
import { byId, mapBallots, votesByIdea, type BallotOf } from './ballot.ts';

const ann = { userId: 'u1', name: 'Ann', function: 'Product' };
const bob = { userId: 'u2', name: 'Bob', function: 'Sales' };

const ballots: BallotOf<number>[] = [
	{
		voter: ann,
		entries: new Map([
			['a', 1],
			['b', 2]
		])
	},
	{ voter: bob, entries: new Map([['a', 3]]) }
];

describe('votesByIdea', () => {
	it('regroups entries by idea, with who gave each, in ballot order', () => {
		expect(votesByIdea(ballots)).toEqual(
			new Map([
				['a', { voters: [ann, bob], entries: [1, 3] }],
				['b', { voters: [ann], entries: [2] }]
			])
		);
	});

	it('is empty when nobody voted', () => {
		expect(votesByIdea([])).toEqual(new Map());
	});
});

describe('mapBallots', () => {
	it('converts every entry and leaves out those converted to null', () => {
		const doubled = mapBallots(ballots, (n) => (n === 2 ? null : n * 2));
		expect(doubled).toEqual([
			{ voter: ann, entries: new Map([['a', 2]]) },
			{ voter: bob, entries: new Map([['a', 6]]) }
		]);
	});
});

describe('byId', () => {
	it('orders by code unit, the same in every locale', () => {
		expect(['b', 'B', 'a', 'ä'].sort(byId)).toEqual(['B', 'a', 'b', 'ä']);
	});
});

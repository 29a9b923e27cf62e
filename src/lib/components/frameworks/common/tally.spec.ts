import { describe, expect, it } from 'vitest';
import { byRank, groupScores, isHidden, numberOr, oneDecimal, percent } from './tally.ts';

describe('numberOr', () => {
	it.each([
		[3, 0, 3],
		[Number.NaN, 0, 0],
		[Infinity, null, null],
		['3', -1, -1],
		[undefined, null, null]
	])('reads %s as %s', (value, fallback, expected) => {
		expect(numberOr(value, fallback)).toBe(expected);
	});
});

describe('isHidden', () => {
	it('is true only for results marked hidden', () => {
		expect(isHidden({ ideaId: 'a', count: 2, hidden: true })).toBe(true);
		expect(isHidden({ ideaId: 'a', count: 2 })).toBe(false);
		expect(isHidden(null)).toBe(false);
	});
});

describe('percent and oneDecimal', () => {
	it.each([
		[0, '0 %'],
		[0.666, '67 %'],
		[1, '100 %']
	])('percent(%s) is %s', (share, text) => {
		expect(percent(share)).toBe(text);
	});

	it.each([
		[3.25, '3.3'],
		[4, '4'],
		[1.04, '1']
	])('oneDecimal(%s) is %s', (value, text) => {
		expect(oneDecimal(value)).toBe(text);
	});
});

describe('byRank', () => {
	it('puts ranked rows first, best first, and keeps unranked rows in their order', () => {
		const rows = [
			{ id: 'a', rank: null },
			{ id: 'b', rank: 2 },
			{ id: 'c', rank: null },
			{ id: 'd', rank: 1 },
			{ id: 'e', rank: 2 }
		];
		expect([...rows].sort(byRank).map((r) => r.id)).toEqual(['d', 'b', 'e', 'a', 'c']);
	});
});

describe('groupScores', () => {
	const rows = [
		{ ideaId: 'sso', score: 400 },
		{ ideaId: 'dark', score: 12.345 },
		{ ideaId: 'api', score: null }
	];

	it('formats the score of every row, by idea id, and leaves out rows without one', () => {
		const scores = groupScores(
			rows,
			(row) => row.score,
			(value) => value.toFixed(1)
		);
		expect([...scores]).toEqual([
			['sso', '400.0'],
			['dark', '12.3']
		]);
	});

	it('holds nothing for an idea without a row: its result is hidden', () => {
		expect(groupScores(rows, (row) => row.score, String).has('offline')).toBe(false);
	});
});

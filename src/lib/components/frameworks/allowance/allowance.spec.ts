import { writeAllowance, writePrice } from '$lib/model/control.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSettings } from '$lib/model/control.ts';
import { byRank } from '../common/tally.ts';
import {
	allowanceProblem,
	amountOf,
	byFunding,
	changeProblem,
	fundedShare,
	parseAmount,
	pledgeStep,
	priceOf,
	priceProblem,
	readDotsRow,
	readFeatureRow,
	rowsFor,
	spentOf
} from './allowance.ts';

const ideaIds = new Set(['a', 'b', 'c']);

describe('amountOf and spentOf', () => {
	it.each([
		[3, 3],
		[0, 0],
		[-1, 0],
		[1.5, 0],
		['2', 0],
		[null, 0]
	])('amountOf(%j) is %s', (raw, amount) => {
		expect(amountOf(raw)).toBe(amount);
	});

	it('adds up valid amounts on the workshop’s ideas only', () => {
		const mine = new Map<string, unknown>([
			['a', 2],
			['b', 'x'],
			['c', 1],
			['deleted', 4]
		]);
		expect(spentOf(mine, ideaIds)).toBe(3);
	});
});

describe('changeProblem', () => {
	const mine = new Map<string, unknown>([
		['a', 3],
		['b', 1]
	]);

	it('accepts a change that stays within the dots', () => {
		expect(changeProblem('dots', mine, 'c', 1, 5, ideaIds)).toBeNull();
	});

	it('refuses the dot that would overspend, with the server’s words', () => {
		expect(changeProblem('dots', mine, 'c', 2, 5, ideaIds)).toBe(
			'6 dots placed but each person has 5: remove 1 for your dots to count'
		);
	});

	it('checks pledges against the budget', () => {
		expect(changeProblem('budget', mine, 'c', 97, 100, ideaIds)).toBe(
			'101 pledged but each person has 100: take back 1 for your pledges to count'
		);
	});

	it('refuses amounts that are not whole', () => {
		expect(changeProblem('budget', mine, 'c', 2.5, 100, ideaIds)).toBe(
			'A pledge must be a whole amount, 0 or more'
		);
	});

	it('always lets a person take back, even from an overspent ballot', () => {
		const overspent = new Map<string, unknown>([
			['a', 4],
			['b', 4]
		]);
		expect(changeProblem('dots', overspent, 'a', 3, 5, ideaIds)).toBeNull();
		expect(changeProblem('dots', overspent, 'c', 1, 5, ideaIds)).not.toBeNull();
	});

	it('does not count entries for deleted ideas against the allowance', () => {
		const withDeleted = new Map<string, unknown>([['gone', 5]]);
		expect(changeProblem('dots', withDeleted, 'a', 5, 5, ideaIds)).toBeNull();
	});
});

describe('parseAmount', () => {
	it.each([
		['12', 12],
		[' 0 ', 0],
		['', Number.NaN],
		['1.5', Number.NaN],
		['-3', Number.NaN],
		['1e3', Number.NaN]
	])('parseAmount(%j) is %s', (text, amount) => {
		expect(parseAmount(text)).toBe(amount);
	});
});

describe('reading rows', () => {
	it('reads a dots row, unranked when revealed on its own, and skips malformed or hidden ones', () => {
		expect(readDotsRow({ ideaId: 'a', rank: 1, dots: 4, voters: 2 })).toEqual({
			ideaId: 'a',
			rank: 1,
			dots: 4,
			voters: 2
		});
		expect(readDotsRow({ ideaId: 'a', rank: null, dots: 4, voters: 2 })?.rank).toBeNull();
		expect(readDotsRow({ ideaId: 'a', count: 2, hidden: true })).toBeNull();
		expect(readDotsRow({ ideaId: 'a', dots: '4', voters: 1 })).toBeNull();
	});

	it('reads a feature row and recomputes the shortfall', () => {
		expect(
			readFeatureRow({
				ideaId: 'a',
				pledged: 40,
				price: 60,
				bought: false,
				shortfall: 0,
				backers: 2
			})
		).toEqual({ ideaId: 'a', pledged: 40, price: 60, bought: false, shortfall: 20, backers: 2 });
		expect(
			readFeatureRow({ ideaId: 'a', pledged: 5, price: null, backers: 1 })?.shortfall
		).toBeNull();
		expect(readFeatureRow({ ideaId: 'a', pledged: 5 })).toBeNull();
	});

	it('keeps rows of the given ideas, in the given order', () => {
		const aggregates = new Map<string, unknown>([
			['a', { ideaId: 'a', rank: 2, dots: 1, voters: 1 }],
			['b', { ideaId: 'b', rank: 1, dots: 5, voters: 3 }],
			['gone', { ideaId: 'gone', rank: 1, dots: 9, voters: 3 }]
		]);
		expect(rowsFor(aggregates, ['a', 'b', 'c'], readDotsRow, byRank).map((r) => r.ideaId)).toEqual([
			'b',
			'a'
		]);
	});

	it('orders bought features first, then by pledges', () => {
		const row = (ideaId: string, pledged: number, bought: boolean) => ({
			ideaId,
			pledged,
			price: 10,
			bought,
			shortfall: 0,
			backers: 1
		});
		const rows = [row('a', 50, false), row('b', 10, true), row('c', 60, false)];
		expect(rows.sort(byFunding).map((r) => r.ideaId)).toEqual(['b', 'c', 'a']);
	});
});

describe('fundedShare, pledgeStep and priceOf', () => {
	it.each([
		[30, 60, 0.5],
		[90, 60, 1],
		[0, 60, 0],
		[10, null, 0],
		[0, 0, 0],
		[5, 0, 1]
	])('%s pledged of a price of %s is %s', (pledged, price, share) => {
		expect(fundedShare(pledged, price)).toBe(share);
	});

	it.each([
		[100, 5],
		[10, 1],
		[1000, 50],
		[30, 2]
	])('a budget of %s steps by %s', (budget, step) => {
		expect(pledgeStep(budget)).toBe(step);
	});

	it('takes the facilitator’s price, then the tally’s, then none', () => {
		const row = { ideaId: 'a', pledged: 0, price: 40, bought: false, shortfall: 40, backers: 0 };
		expect(priceOf('a', new Map([['a', 25]]), row)).toBe(25);
		expect(priceOf('a', new Map(), row)).toBe(40);
		expect(priceOf('a', new Map(), null)).toBeNull();
	});
});

describe('the control document', () => {
	it('writes allowances that readSettings accepts', () => {
		const control = new Y.Doc();
		writeAllowance(control, 'dotsPerPerson', 8);
		writeAllowance(control, 'budgetPerPerson', 250);
		const settings = readSettings(control);
		expect([settings.dotsPerPerson, settings.budgetPerPerson]).toEqual([8, 250]);
	});

	it.each([
		['dotsPerPerson', 5, null],
		['dotsPerPerson', 0, 'A whole number from 1 to 100'],
		['dotsPerPerson', 101, 'A whole number from 1 to 100'],
		['budgetPerPerson', 2.5, 'A whole number from 1 to 1,000,000'],
		['budgetPerPerson', 500, null]
	] as const)('allowanceProblem(%s, %s) is %s', (key, value, problem) => {
		expect(allowanceProblem(key, value)).toBe(problem);
	});

	it('sets and removes prices', () => {
		const control = new Y.Doc();
		writePrice(control, 'a', 60);
		writePrice(control, 'b', 0);
		writePrice(control, 'b', null);
		expect(readSettings(control).prices).toEqual(new Map([['a', 60]]));
	});

	it.each([
		[0, null],
		[60, null],
		[-1, 'A price is a whole amount, 0 or more'],
		[Number.NaN, 'A price is a whole amount, 0 or more']
	])('priceProblem(%s) is %s', (value, problem) => {
		expect(priceProblem(value)).toBe(problem);
	});
});

import { writeFinal, writeMustShareLimit } from '$lib/model/control.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSettings } from '$lib/model/control.ts';
import {
	agreed,
	boardLanes,
	groupRows,
	laneOfKey,
	limitProblem,
	mustWarning,
	readMoscowRow,
	readMustEffort
} from './moscow-view.ts';

const idea = (id: string) => ({ id, title: id, description: '', createdBy: 'u', createdAt: 0 });

describe('laneOfKey', () => {
	it.each([
		['1', 'must'],
		['2', 'should'],
		['3', 'could'],
		['4', 'wont'],
		['0', 'unsorted'],
		['Delete', 'unsorted'],
		['5', null],
		['m', null]
	])('%s moves to %s', (key, lane) => {
		expect(laneOfKey(key)).toBe(lane);
	});
});

describe('boardLanes', () => {
	it('puts cards in their buckets in idea order, and the rest in the tray', () => {
		const ideas = ['a', 'b', 'c', 'd', 'e'].map(idea);
		const mine = new Map<string, unknown>([
			['e', 'must'],
			['a', 'must'],
			['b', 'wont'],
			['c', 'maybe']
		]);
		const lanes = boardLanes(ideas, mine);
		expect(
			Object.fromEntries(Object.entries(lanes).map(([k, v]) => [k, v.map((i) => i.id)]))
		).toEqual({
			unsorted: ['c', 'd'],
			must: ['a', 'e'],
			should: [],
			could: [],
			wont: ['b']
		});
	});
});

const row = (ideaId: string, counts: number[], final: string | null = null) => {
	const [must, should, could, wont] = counts;
	const count = must + should + could + wont;
	const best = Math.max(...counts);
	const consensus = count === 0 ? null : ['must', 'should', 'could', 'wont'][counts.indexOf(best)];
	return {
		ideaId,
		count,
		counts: { must, should, could, wont },
		consensus,
		agreement: count === 0 ? 0 : best / count,
		final,
		bucket: final ?? consensus
	};
};

describe('readMoscowRow', () => {
	it('reads a row as the server writes it', () => {
		expect(readMoscowRow(row('a', [2, 1, 0, 0]))).toEqual({
			ideaId: 'a',
			count: 3,
			counts: { must: 2, should: 1, could: 0, wont: 0 },
			consensus: 'must',
			agreement: 2 / 3,
			final: null,
			bucket: 'must'
		});
	});

	it('takes the final bucket over the consensus', () => {
		expect(readMoscowRow(row('a', [2, 1, 0, 0], 'could'))?.bucket).toBe('could');
	});

	it.each([
		['hidden', { ideaId: 'a', count: 1, hidden: true }],
		['without counts', { ideaId: 'a', count: 1, agreement: 1 }],
		['with a bad count', { ...row('a', [1, 0, 0, 0]), counts: { must: '1' } }],
		['not an object', 3]
	])('skips a row %s', (_, raw) => {
		expect(readMoscowRow(raw)).toBeNull();
	});
});

describe('agreed', () => {
	it.each([
		[[1, 0, 0, 0], true],
		[[2, 1, 0, 0], true],
		[[1, 1, 1, 0], false],
		[[2, 2, 0, 0], false],
		[[2, 1, 1, 0], false],
		[[0, 0, 0, 0], false]
	] as const)('[RM10] with %j (Must, Should, Could, Won’t): %s', (counts, expected) => {
		expect(agreed(readMoscowRow(row('a', [...counts]))!)).toBe(expected);
	});
});

describe('groupRows', () => {
	it('orders by bucket, then agreement, for the given ideas only', () => {
		const aggregates = new Map<string, unknown>([
			['a', row('a', [1, 1, 0, 0])],
			['b', row('b', [0, 3, 0, 0])],
			['c', row('c', [3, 0, 0, 0])],
			['d', row('d', [2, 1, 0, 0])],
			['gone', row('gone', [5, 0, 0, 0])]
		]);
		// a: must 50 %; b: should 100 %; c: must 100 %; d: must 67 %.
		expect(groupRows(aggregates, ['a', 'b', 'c', 'd'].map(idea)).map((r) => r.ideaId)).toEqual([
			'c',
			'd',
			'a',
			'b'
		]);
	});
});

describe('readMustEffort and mustWarning', () => {
	const summary = {
		mustEffort: {
			mustEffort: 36,
			totalEffort: 50,
			share: 0.72,
			warning: true,
			unestimated: ['x', 3]
		}
	};

	it('reads the summary, keeping only string ids of unestimated ideas', () => {
		expect(readMustEffort(summary)).toEqual({
			mustEffort: 36,
			totalEffort: 50,
			share: 0.72,
			warning: true,
			unestimated: ['x']
		});
	});

	it('is null without a summary or with malformed numbers', () => {
		expect(readMustEffort(null)).toBeNull();
		expect(readMustEffort({ mustEffort: { share: 'a' } })).toBeNull();
	});

	it('says the share, the numbers and the limit', () => {
		expect(mustWarning(readMustEffort(summary)!, 0.6)).toBe(
			'Musts take 72 % of the planned effort (36 of 50), more than the 60 % limit. Move some to Should or Could to leave room for surprises.'
		);
	});

	it('rounds efforts to one decimal', () => {
		const effort = {
			mustEffort: 33.333,
			totalEffort: 45.06,
			share: 0.74,
			warning: true,
			unestimated: []
		};
		expect(mustWarning(effort, 0.5)).toContain('(33.3 of 45.1), more than the 50 % limit');
	});
});

describe('the control document', () => {
	it('sets and removes final buckets', () => {
		const control = new Y.Doc();
		writeFinal(control, 'a', 'must');
		writeFinal(control, 'b', 'wont');
		writeFinal(control, 'b', null);
		expect(readSettings(control).moscowFinal).toEqual(new Map([['a', 'must']]));
	});

	it('sets the Must limit as a share', () => {
		const control = new Y.Doc();
		writeMustShareLimit(control, 0.5);
		expect(readSettings(control).mustShareLimit).toBe(0.5);
	});

	it.each([
		[60, null],
		[0, null],
		[100, null],
		[101, 'The limit is a percentage from 0 to 100'],
		[Number.NaN, 'The limit is a percentage from 0 to 100']
	])('limitProblem(%s) is %s', (value, problem) => {
		expect(limitProblem(value)).toBe(problem);
	});
});

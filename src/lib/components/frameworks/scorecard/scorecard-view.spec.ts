import { removeCriterion, useSuggestedCriteria, writeCriterion } from '$lib/model/control.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSettings } from '$lib/model/control.ts';
import { DEFAULT_CRITERIA, type Criterion } from '$lib/model/frameworks/scorecard/scorecard.ts';
import {
	activeCriteria,
	criterionNote,
	gridFits,
	liveRanking,
	prunedEntry,
	readScorecardRow,
	scorecardItems,
	scoresOf,
	weightProblem,
	weightShares,
	withScore
} from './scorecard-view.ts';

const value: Criterion = { id: 'value', name: 'Value', weight: 1, direction: 'benefit' };
const risk: Criterion = { id: 'risk', name: 'Risk', weight: 1, direction: 'cost' };

describe('activeCriteria', () => {
	it('falls back to the suggested criteria, in their suggested order', () => {
		expect(activeCriteria([]).map((c) => c.id)).toEqual(DEFAULT_CRITERIA.map((c) => c.id));
	});

	it('lists suggested criteria in suggested order, then added ones by id', () => {
		const added: Criterion = {
			id: 'c-0000000a-aaaaaa',
			name: 'Revenue',
			weight: 5,
			direction: 'benefit'
		};
		// readSettings sorts by id: business-impact, c-…, dependencies, …
		const settings = [
			{ ...DEFAULT_CRITERIA[2] },
			added,
			{ ...DEFAULT_CRITERIA[5] },
			{ ...DEFAULT_CRITERIA[0] }
		];
		expect(activeCriteria(settings).map((c) => c.id)).toEqual([
			'strategic-alignment',
			'business-impact',
			'dependencies',
			'c-0000000a-aaaaaa'
		]);
	});
});

describe('scoresOf', () => {
	it.each([
		[
			'a valid entry',
			{ value: 4, risk: 1 },
			[
				['value', 4],
				['risk', 1]
			]
		],
		['out of range and fractional scores', { value: 6, risk: 2.5 }, []],
		['criteria that no longer exist', { gone: 3, value: 2 }, [['value', 2]]],
		['a non-object', 'five', []],
		['null', null, []]
	])('reads %s', (_, raw, expected) => {
		expect([...scoresOf(raw, [value, risk])]).toEqual(expected);
	});
});

describe('withScore', () => {
	it('adds a score to an empty ballot entry', () => {
		expect(withScore(undefined, [value, risk], 'risk', 2)).toEqual({ risk: 2 });
	});

	it('replaces a score and keeps the others', () => {
		expect(withScore({ value: 1, risk: 2 }, [value, risk], 'value', 5)).toEqual({
			value: 5,
			risk: 2
		});
	});

	it('drops scores of criteria that were removed, which the server would reject', () => {
		expect(withScore({ gone: 3, value: 1 }, [value, risk], 'risk', 4)).toEqual({
			value: 1,
			risk: 4
		});
	});

	it('is null once the last score is removed', () => {
		expect(withScore({ value: 3 }, [value, risk], 'value', null)).toBeNull();
	});
});

describe('prunedEntry', () => {
	it('keeps valid scores of current criteria only', () => {
		expect(prunedEntry({ gone: 3, value: 2, risk: 9 }, [value, risk])).toEqual({ value: 2 });
	});

	it('is null when nothing valid is left', () => {
		expect(prunedEntry({ gone: 3 }, [value, risk])).toBeNull();
	});
});

describe('readScorecardRow', () => {
	it('reads a row as the server writes it, ignoring consensus and ranking', () => {
		const raw = {
			ideaId: 'a',
			rank: 1,
			count: 2,
			composite: 3,
			breakdown: [{ criterionId: 'value', count: 2, median: 3, contribution: 3, weighted: 3 }],
			consensus: {},
			ranking: null
		};
		expect(readScorecardRow(raw)).toEqual({
			ideaId: 'a',
			rank: 1,
			count: 2,
			composite: 3,
			breakdown: [{ criterionId: 'value', count: 2, median: 3, contribution: 3, weighted: 3 }]
		});
	});

	it.each([
		['hidden results', { ideaId: 'a', count: 2, hidden: true }],
		['a row without breakdown', { ideaId: 'a', count: 1, composite: 3 }],
		['a row without id', { breakdown: [] }],
		['a string', 'row']
	])('skips %s', (_, raw) => {
		expect(readScorecardRow(raw)).toBeNull();
	});

	it('skips malformed breakdown parts and keeps the rest', () => {
		const row = readScorecardRow({
			ideaId: 'a',
			composite: 2,
			breakdown: [
				{ criterionId: 'value', count: 1, median: 2, contribution: 2, weighted: 2 },
				{ criterionId: 'risk', count: 'x' }
			]
		});
		expect(row?.breakdown.map((p) => p.criterionId)).toEqual(['value']);
		expect(row?.rank).toBeNull();
		expect(row?.count).toBe(0);
	});
});

describe('liveRanking', () => {
	// Hand-computed medians. x: value 5, risk 5 (cost → contributes 1); y: value 2, risk 1
	// (contributes 5). Equal weights: x = (5 + 1) / 2 = 3, y = (2 + 5) / 2 = 3.5.
	const part = (criterionId: string, median: number, contribution: number, weighted: number) => ({
		criterionId,
		count: 2,
		median,
		contribution,
		weighted
	});
	const aggregates = new Map<string, unknown>([
		[
			'x',
			{
				ideaId: 'x',
				rank: 2,
				count: 2,
				composite: 3,
				breakdown: [part('value', 5, 5, 2.5), part('risk', 5, 1, 0.5)]
			}
		],
		[
			'y',
			{
				ideaId: 'y',
				rank: 1,
				count: 2,
				composite: 3.5,
				breakdown: [part('value', 2, 2, 1), part('risk', 1, 5, 2.5)]
			}
		],
		['gone', { ideaId: 'gone', rank: 3, count: 1, composite: 1, breakdown: [] }]
	]);

	it('keeps the server order under the weights it used', () => {
		const rows = liveRanking(aggregates, ['x', 'y'], [value, risk]);
		expect(rows.map((r) => [r.ideaId, r.rank, r.composite])).toEqual([
			['y', 1, 3.5],
			['x', 2, 3]
		]);
	});

	it('re-ranks at once when a weight changes: value ×3 puts x first', () => {
		// x = (3·5 + 1·1) / 4 = 4, y = (3·2 + 1·5) / 4 = 2.75
		const rows = liveRanking(aggregates, ['x', 'y'], [{ ...value, weight: 3 }, risk]);
		expect(rows.map((r) => [r.ideaId, r.rank, r.composite])).toEqual([
			['x', 1, 4],
			['y', 2, 2.75]
		]);
		expect(rows[0].breakdown.map((p) => p.weighted)).toEqual([3.75, 0.25]);
	});

	it('follows a flipped direction: risk as a benefit makes x = 5, y = 1.5', () => {
		const rows = liveRanking(aggregates, ['x', 'y'], [value, { ...risk, direction: 'benefit' }]);
		expect(rows.map((r) => [r.ideaId, r.composite])).toEqual([
			['x', 5],
			['y', 1.5]
		]);
	});

	it('leaves ideas out that are not in the list', () => {
		expect(liveRanking(aggregates, ['x'], [value, risk]).map((r) => r.ideaId)).toEqual(['x']);
	});

	it('gives ideas revealed on their own no rank and keeps them in the ideas’ order', () => {
		const rows = liveRanking(aggregates, ['x', 'y'], [value, risk], { ranked: false });
		expect(rows.map((r) => [r.ideaId, r.rank, r.composite])).toEqual([
			['x', null, 3],
			['y', null, 3.5]
		]);
	});
});

describe('weightShares and weightProblem', () => {
	it('gives each weight its share of the total', () => {
		expect(
			weightShares([
				{ ...value, weight: 30 },
				{ ...risk, weight: 10 }
			])
		).toEqual(
			new Map([
				['value', 0.75],
				['risk', 0.25]
			])
		);
	});

	it('gives zero shares when every weight is zero', () => {
		expect(weightShares([{ ...value, weight: 0 }]).get('value')).toBe(0);
	});

	it.each([
		[0, null],
		[12.5, null],
		[-1, 'A weight is a number, 0 or more'],
		[Number.NaN, 'A weight is a number, 0 or more']
	])('weightProblem(%s) is %s', (weight, problem) => {
		expect(weightProblem(weight)).toBe(problem);
	});
});

describe('criterionNote', () => {
	const shares = new Map([
		['value', 0.75],
		['risk', 0.25]
	]);

	it('gives a benefit criterion its share of the weights', () => {
		expect(criterionNote(value, shares)).toBe('75 %');
	});

	it('says which end of a cost criterion is the bad one', () => {
		expect(criterionNote(risk, shares)).toBe('25 % · cost, 5 = worst');
	});

	it('gives a criterion missing from the shares none', () => {
		expect(criterionNote({ ...value, id: 'new' }, shares)).toBe('0 %');
	});
});

describe('criteria in the control document', () => {
	it('writes, edits and removes criteria so that readSettings reads them back', () => {
		const control = new Y.Doc();
		writeCriterion(control, value);
		writeCriterion(control, { ...risk, weight: 4 });
		expect(readSettings(control).criteria).toEqual([{ ...risk, weight: 4 }, value]);
		removeCriterion(control, 'risk');
		expect(readSettings(control).criteria).toEqual([value]);
	});

	it('writes the suggested criteria with their ids, so existing scores keep counting', () => {
		const control = new Y.Doc();
		useSuggestedCriteria(control);
		expect(activeCriteria(readSettings(control).criteria)).toEqual(DEFAULT_CRITERIA);
	});
});

describe('scorecardItems', () => {
	const idea = (id: string) => ({ id, title: id, description: '', createdBy: 'u', createdAt: 0 });
	const ideas = [idea('a'), idea('b'), idea('c'), idea('d')];
	const mine = new Map<string, unknown>([
		// (1·4 + 1·(6 − 2)) / 2 = 4
		['a', { value: 4, risk: 2 }],
		['b', { value: 9 }],
		['c', { gone: 3, value: 2 }]
	]);
	const items = scorecardItems(ideas, mine, new Map([['a', 'server says no']]), [value, risk]);

	it('numbers the ideas and reads the scores and own composite', () => {
		expect(items.map((i) => [i.idea.id, i.number, i.yours])).toEqual([
			['a', 1, 4],
			['b', 2, null],
			['c', 3, 2],
			['d', 4, null]
		]);
	});

	it('shows the server reason first, then what validate.ts finds', () => {
		expect(items.map((i) => i.problem)).toEqual([
			'server says no',
			'Value must be a whole number from 1 to 5',
			'There is no criterion "gone"',
			null
		]);
	});

	it('flags entries that score removed criteria', () => {
		expect(items.map((i) => i.stale)).toEqual([false, false, true, false]);
	});
});

describe('gridFits', () => {
	it.each([
		// 180 + 7 · 106 + 110 = 1032
		[1032, 7, true],
		[1031, 7, false],
		// 180 + 3 · 106 + 110 = 608
		[700, 3, true],
		[390, 1, false]
	])('a width of %s fits %s criteria: %s', (width, criteria, fits) => {
		expect(gridFits(width, criteria)).toBe(fits);
	});
});

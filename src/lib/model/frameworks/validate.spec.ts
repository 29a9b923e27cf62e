import { describe, expect, it } from 'vitest';
import type { Objective } from './okr/okr.ts';
import type { Criterion } from './scorecard/scorecard.ts';
import { validateBudget } from './budget/check.ts';
import { Invalid } from './check.ts';
import { validateDots } from './dots/check.ts';
import { validateIce } from './ice/check.ts';
import { validateMatrix } from './matrix/check.ts';
import { validateMoscow } from './moscow/check.ts';
import { validateOkr } from './okr/check.ts';
import { validateRice } from './rice/check.ts';
import { scorecardReader, validateScorecard } from './scorecard/check.ts';
import { validateBallot } from './validate.ts';
import { validateWsjf } from './wsjf/check.ts';

const rejected = (reason: string) => ({ ok: false, reason });

describe('validateMatrix', () => {
	it('accepts value and effort from 0 to 100, dropping unknown fields', () => {
		expect(validateMatrix({ value: 0, effort: 100, colour: 'red' })).toEqual({
			ok: true,
			value: { value: 0, effort: 100 }
		});
	});

	it.each([
		[{ value: 101, effort: 50 }, 'Value must be a number from 0 to 100'],
		[{ value: 50, effort: -1 }, 'Effort must be a number from 0 to 100'],
		[
			{ value: '50', effort: NaN },
			'Value must be a number from 0 to 100; Effort must be a number from 0 to 100'
		],
		[null, 'A placement needs value, effort'],
		[[50, 50], 'A placement needs value, effort'],
		[new Date(), 'A placement needs value, effort']
	])('rejects %o without clamping it', (raw, reason) => {
		expect(validateMatrix(raw)).toEqual(rejected(reason));
	});
});

describe('validateRice', () => {
	const valid = { reach: 1200, impact: 0.5, confidence: 80, effort: 0.5 };

	it('accepts an estimate on the RICE scales', () => {
		expect(validateRice(valid)).toEqual({ ok: true, value: valid });
		expect(validateRice({ ...valid, reach: 0, effort: 1000 }).ok).toBe(true);
	});

	it.each([
		[{ reach: -1 }, 'Reach must be a number of people, 0 or more'],
		[{ reach: Infinity }, 'Reach must be a number of people, 0 or more'],
		[{ impact: 1.5 }, 'Impact must be one of 0.25, 0.5, 1, 2, 3'],
		[{ confidence: 0.8 }, 'Confidence must be one of 50, 80, 100 (%)'],
		[{ effort: 0 }, 'Effort must be more than 0 and at most 1000 person-months'],
		[{ effort: 1001 }, 'Effort must be more than 0 and at most 1000 person-months']
	])('rejects %o', (change, reason) => {
		expect(validateRice({ ...valid, ...change })).toEqual(rejected(reason));
	});

	it('reports every problem at once', () => {
		expect(validateRice({ reach: 10 })).toEqual(
			rejected(
				'Impact must be one of 0.25, 0.5, 1, 2, 3; Confidence must be one of 50, 80, 100 (%); Effort must be more than 0 and at most 1000 person-months'
			)
		);
	});
});

describe('validateIce', () => {
	it('accepts whole numbers from 1 to 10', () => {
		expect(validateIce({ impact: 1, confidence: 10, ease: 5 }).ok).toBe(true);
	});

	it.each([
		[{ impact: 0, confidence: 5, ease: 5 }, 'Impact must be a whole number from 1 to 10'],
		[{ impact: 5, confidence: 5.5, ease: 5 }, 'Confidence must be a whole number from 1 to 10'],
		[{ impact: 5, confidence: 5, ease: 11 }, 'Ease must be a whole number from 1 to 10']
	])('rejects %o', (raw, reason) => {
		expect(validateIce(raw)).toEqual(rejected(reason));
	});
});

describe('validateWsjf', () => {
	it('accepts the Fibonacci scale', () => {
		const entry = { businessValue: 20, timeCriticality: 1, riskReduction: 13, jobSize: 8 };
		expect(validateWsjf(entry)).toEqual({ ok: true, value: entry });
	});

	it('rejects a number off the scale', () => {
		expect(
			validateWsjf({ businessValue: 4, timeCriticality: 1, riskReduction: 1, jobSize: 1 })
		).toEqual(rejected('Business value must be one of 1, 2, 3, 5, 8, 13, 20'));
	});

	it('rejects anything that is not a point of the scale, however it is written', () => {
		for (const jobSize of [0, -1, 21, 100, 2.5, '5', NaN, Infinity, null, [5], true]) {
			expect(
				validateWsjf({ businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize })
			).toEqual(rejected('Job size must be one of 1, 2, 3, 5, 8, 13, 20'));
		}
	});
});

describe('validateScorecard', () => {
	const criteria: Criterion[] = [
		{ id: 'fit', name: 'Strategic fit', weight: 2, direction: 'benefit' },
		{ id: 'deps', name: 'Dependencies', weight: 1, direction: 'cost' }
	];

	it('accepts scores for some or all criteria', () => {
		expect(validateScorecard({ fit: 5 }, criteria)).toEqual({ ok: true, value: { fit: 5 } });
		expect(validateScorecard({ fit: 1, deps: 3 }, criteria).ok).toBe(true);
	});

	it.each([
		[{ fit: 6 }, 'Strategic fit must be a whole number from 1 to 5'],
		[{ fit: 2, retired: 3 }, 'There is no criterion "retired"'],
		[JSON.parse('{"__proto__": 3}'), 'There is no criterion "__proto__"'],
		[{ fit: 2, '': 3 }, 'There is no criterion ""'],
		[{ fit: '5' }, 'Strategic fit must be a whole number from 1 to 5'],
		[{ fit: 2, deps: undefined }, 'Dependencies must be a whole number from 1 to 5'],
		[
			{ fit: 0, deps: 9 },
			'Strategic fit must be a whole number from 1 to 5; Dependencies must be a whole number from 1 to 5'
		],
		[{}, 'Score at least one criterion'],
		['5', 'A scorecard needs a score per criterion']
	])('rejects %o', (raw, reason) => {
		expect(validateScorecard(raw, criteria)).toEqual(rejected(reason));
	});

	it('writes the scores of an entry it accepts, criterion by criterion, for the aggregator', () => {
		const read = scorecardReader(criteria);
		const scores = Float64Array.of(9, 9, 9, 9);
		const entry = { deps: 2, fit: 4 };
		expect(read(entry, scores, 1)).toBe(entry);
		expect([...scores]).toEqual([9, 4, 2, 9]);
		expect(read({ fit: 3 }, scores, 2)).toEqual({ fit: 3 });
		expect([...scores]).toEqual([9, 4, 3, NaN]);
		expect(read({ fit: 3, deps: 0 }, scores, 0)).toEqual(
			new Invalid('Dependencies must be a whole number from 1 to 5')
		);
	});

	it('reads a criterion named like an inherited member only from the entry itself', () => {
		const shadowing: Criterion[] = [
			{ id: 'toString', name: 'Odd', weight: 1, direction: 'benefit' }
		];
		expect(validateScorecard({ toString: 4 }, shadowing)).toEqual({
			ok: true,
			value: { toString: 4 }
		});
		expect(validateScorecard({}, shadowing)).toEqual(rejected('Score at least one criterion'));
	});
});

describe('validateMoscow', () => {
	it('accepts the four buckets and nothing else', () => {
		expect(validateMoscow('wont')).toEqual({ ok: true, value: 'wont' });
		expect(validateMoscow('Must')).toEqual(
			rejected("The bucket must be one of Must, Should, Could or Won't")
		);
	});
});

describe('validateOkr', () => {
	const keyResults = new Set(['kr1', 'kr2']);

	it('accepts links to known key results, or none', () => {
		expect(validateOkr({ kr1: 'strong', kr2: 'weak' }, keyResults).ok).toBe(true);
		expect(validateOkr({}, keyResults)).toEqual({ ok: true, value: {} });
	});

	it.each([
		[{ kr1: 'very' }, 'A link’s strength must be weak, medium or strong'],
		[{ kr1: 3 }, 'A link’s strength must be weak, medium or strong'],
		[{ kr9: 'weak' }, 'There is no key result "kr9"'],
		[null, 'OKR links need a strength per key result']
	])('rejects %o', (raw, reason) => {
		expect(validateOkr(raw, keyResults)).toEqual(rejected(reason));
	});
});

describe('validateDots and validateBudget', () => {
	it('accept whole numbers from 0', () => {
		expect(validateDots(0)).toEqual({ ok: true, value: 0 });
		expect(validateBudget(40)).toEqual({ ok: true, value: 40 });
	});

	it('reject fractions, negatives and strings', () => {
		expect(validateDots(1.5)).toEqual(rejected('Dots must be a whole number, 0 or more'));
		expect(validateDots(-1)).toEqual(rejected('Dots must be a whole number, 0 or more'));
		expect(validateBudget('10')).toEqual(rejected('A pledge must be a whole amount, 0 or more'));
	});
});

describe('validateBallot', () => {
	it('splits a ballot into valid entries and rejections with reasons', () => {
		const result = validateBallot(
			'ice',
			new Map<string, unknown>([
				['b', { impact: 11, confidence: 5, ease: 5 }],
				['a', { impact: 5, confidence: 5, ease: 5 }],
				['c', 'garbage']
			])
		);
		expect(result.valid).toEqual(new Map([['a', { impact: 5, confidence: 5, ease: 5 }]]));
		expect(result.rejected).toEqual([
			{ ideaId: 'b', reason: 'Impact must be a whole number from 1 to 10' },
			{ ideaId: 'c', reason: 'An ICE score needs impact, confidence, ease' }
		]);
	});

	it('accepts dots within the allowance', () => {
		// 3 + 2 = 5 of 5
		const result = validateBallot(
			'dots',
			new Map([
				['a', 3],
				['b', 2]
			])
		);
		expect(result.rejected).toEqual([]);
		expect(result.valid.size).toBe(2);
	});

	it('rejects every dot of an overspent ballot, saying by how much', () => {
		// 3 + 2 + 1 = 6 of 5: which dot to take back is the voter's choice
		const result = validateBallot(
			'dots',
			new Map([
				['a', 3],
				['b', 2],
				['c', 1],
				['d', 0]
			])
		);
		const reason = '6 dots placed but each person has 5: remove 1 for your dots to count';
		expect(result.rejected).toEqual([
			{ ideaId: 'a', reason },
			{ ideaId: 'b', reason },
			{ ideaId: 'c', reason }
		]);
		expect(result.valid).toEqual(new Map([['d', 0]]));
	});

	it('checks a budget against the workshop’s budget per person', () => {
		const pledges = new Map([
			['a', 60],
			['b', 50]
		]);
		expect(validateBallot('budget', pledges, { budgetPerPerson: 110 }).rejected).toEqual([]);
		expect(validateBallot('budget', pledges, { budgetPerPerson: 100 }).rejected).toEqual([
			{
				ideaId: 'a',
				reason: '110 pledged but each person has 100: take back 10 for your pledges to count'
			},
			{
				ideaId: 'b',
				reason: '110 pledged but each person has 100: take back 10 for your pledges to count'
			}
		]);
	});

	it('sets aside entries for ideas no longer on the board, without counting them', () => {
		const result = validateBallot(
			'dots',
			new Map([
				['a', 5],
				['deleted', 5]
			]),
			{ ideaIds: new Set(['a']) }
		);
		expect(result).toEqual({ valid: new Map([['a', 5]]), rejected: [], ignored: ['deleted'] });
	});

	it('validates scorecards and OKR links against the workshop’s settings', () => {
		const objectives: Objective[] = [
			{ id: 'o', title: 'O', keyResults: [{ id: 'kr', title: 'KR' }] }
		];
		const okr = validateBallot('okr', new Map([['a', { kr: 'medium' }]]), { objectives });
		expect(okr.valid).toEqual(new Map([['a', { kr: 'medium' }]]));
		const scorecard = validateBallot('scorecard', new Map([['a', { fit: 3 }]]));
		expect(scorecard.rejected).toEqual([{ ideaId: 'a', reason: 'There is no criterion "fit"' }]);
	});

	it('gives nothing for an empty ballot', () => {
		expect(validateBallot('rice', new Map())).toEqual({
			valid: new Map(),
			rejected: [],
			ignored: []
		});
	});
});

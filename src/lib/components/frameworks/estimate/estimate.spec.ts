import { describe, expect, it } from 'vitest';
import type { Idea } from '$lib/model/board.ts';
import {
	draftOf,
	entryScore,
	ESTIMATE_FIELDS,
	estimateResults,
	isEstimateFramework,
	mediansText,
	reachNote,
	readDraft,
	sameEntry,
	scoreOf,
	withSuggestedReach
} from './estimate.ts';

function idea(id: string, title = id): Idea {
	return { id, title, description: '', createdBy: 'u', createdAt: 0 };
}

describe('isEstimateFramework', () => {
	it('knows RICE, ICE and WSJF', () => {
		expect(['rice', 'ice', 'wsjf', 'matrix', 'dots'].filter(isEstimateFramework)).toEqual([
			'rice',
			'ice',
			'wsjf'
		]);
	});
});

describe('ESTIMATE_FIELDS', () => {
	it('offers exactly the scale values the validators accept', () => {
		const impact = ESTIMATE_FIELDS.rice.find((f) => f.key === 'impact')!;
		expect(impact.options?.map((o) => o.value)).toEqual([0.25, 0.5, 1, 2, 3]);
		const confidence = ESTIMATE_FIELDS.rice.find((f) => f.key === 'confidence')!;
		expect(confidence.options?.map((o) => o.value)).toEqual([50, 80, 100]);
		for (const field of ESTIMATE_FIELDS.wsjf) {
			expect(field.options?.map((o) => o.value)).toEqual([1, 2, 3, 5, 8, 13, 20]);
		}
	});
});

describe('scoreOf', () => {
	it('applies each framework’s formula (hand-checked)', () => {
		// 1000 people × impact 2 × 80 % ÷ 4 person-months = 400
		expect(scoreOf('rice', { reach: 1000, impact: 2, confidence: 80, effort: 4 })).toBe(400);
		expect(scoreOf('ice', { impact: 8, confidence: 5, ease: 2 })).toBe(80);
		// (8 + 5 + 3) ÷ 2 = 8
		expect(
			scoreOf('wsjf', { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 })
		).toBe(8);
	});
});

describe('readDraft', () => {
	it('turns a complete draft into the entry to send, with its score', () => {
		expect(
			readDraft('rice', { reach: '1000', impact: '2', confidence: '80', effort: '4' })
		).toEqual({
			state: 'complete',
			entry: { reach: 1000, impact: 2, confidence: 80, effort: 4 },
			score: 400
		});
	});

	it('waits for the missing fields of a partial draft', () => {
		expect(readDraft('rice', { reach: '1000', impact: '2' })).toEqual({
			state: 'partial',
			missing: ['Confidence', 'Effort']
		});
		expect(readDraft('ice', { impact: ' ' })).toEqual({ state: 'empty' });
	});

	it('attaches the server’s own message to the field it is about', () => {
		expect(readDraft('rice', { reach: '10', effort: '0' })).toEqual({
			state: 'invalid',
			problems: { effort: 'Effort must be more than 0 and at most 1000 person-months' }
		});
		expect(readDraft('rice', { reach: '-5' })).toEqual({
			state: 'invalid',
			problems: { reach: 'Reach must be a number of people, 0 or more' }
		});
	});

	it('refuses fractions and numbers outside 1–10 in ICE, never rounding them', () => {
		const reading = readDraft('ice', { impact: '5.5', confidence: '11', ease: '3' });
		expect(reading).toEqual({
			state: 'invalid',
			problems: {
				impact: 'Impact must be a whole number from 1 to 10',
				confidence: 'Confidence must be a whole number from 1 to 10'
			}
		});
	});

	it('refuses a WSJF value off the Fibonacci scale', () => {
		const reading = readDraft('wsjf', { jobSize: '4' });
		expect(reading.state).toBe('invalid');
	});

	it('refuses text that is not a number', () => {
		expect(readDraft('rice', { reach: 'lots' })).toMatchObject({ state: 'invalid' });
	});
});

describe('draftOf and sameEntry', () => {
	it('shows a saved entry as text, skipping fields of the wrong type', () => {
		expect(draftOf('ice', { impact: 3, confidence: 'x', ease: 7, extra: 1 })).toEqual({
			impact: '3',
			ease: '7'
		});
		expect(draftOf('ice', 'garbage')).toEqual({});
	});

	it('tells whether a saved entry already holds an estimate', () => {
		const saved = { impact: 3, confidence: 4, ease: 7 };
		expect(sameEntry('ice', saved, { impact: 3, confidence: 4, ease: 7 })).toBe(true);
		expect(sameEntry('ice', saved, { impact: 3, confidence: 5, ease: 7 })).toBe(false);
		expect(sameEntry('ice', undefined, { impact: 3, confidence: 5, ease: 7 })).toBe(false);
	});
});

describe('estimateResults', () => {
	const ideas = [idea('a', 'Alpha'), idea('b', 'Beta'), idea('c', 'Gamma'), idea('d', 'Delta')];
	const row = (rank: number | null, score: number, count: number) => ({
		ideaId: '',
		rank,
		count,
		score,
		medianOfScores: score,
		spread: 2,
		median: { impact: 5, confidence: 4, ease: 3, bogus: 'x' }
	});

	it('ranks the rows as the server ranked them and lists ideas nobody estimated', () => {
		const results = estimateResults(
			'ice',
			ideas,
			new Map([
				['b', row(1, 90, 3)],
				['a', row(2, 60, 2)]
			]),
			new Map([
				['a', 2],
				['b', 3]
			])
		);
		expect(results.rows.map((r) => [r.ideaId, r.rank, r.number, r.voters])).toEqual([
			['b', 1, 2, 3],
			['a', 2, 1, 2]
		]);
		expect(results.rows[0].median).toEqual({ impact: 5, confidence: 4, ease: 3 });
		expect(results.unestimated.map((i) => i.id)).toEqual(['c', 'd']);
	});

	it('counts hidden rows apart and skips rows of the wrong shape', () => {
		const results = estimateResults(
			'ice',
			ideas,
			new Map<string, Record<string, unknown>>([
				['a', { ideaId: 'a', count: 2, hidden: true }],
				['b', { ...row(1, 9, 1), score: 'high' }],
				['gone', row(1, 9, 1)]
			]),
			new Map([
				['a', 2],
				['b', 1],
				['c', 1]
			])
		);
		expect(results.rows).toEqual([]);
		expect(results.hidden).toBe(1);
		// c has a vote but no row yet (the tally is a batch behind): not "unestimated".
		expect(results.unestimated.map((i) => i.id)).toEqual(['d']);
	});

	it('keeps ideas revealed on their own, unranked, after the ranked ones', () => {
		const results = estimateResults(
			'ice',
			ideas,
			new Map([
				['c', row(null, 90, 3)],
				['a', row(null, 60, 2)]
			]),
			new Map()
		);
		expect(results.rows.map((r) => [r.ideaId, r.rank])).toEqual([
			['a', null],
			['c', null]
		]);
	});
});

describe('entryScore', () => {
	it('scores a valid entry and gives nothing for an invalid one', () => {
		expect(entryScore('ice', { impact: 2, confidence: 3, ease: 4 })).toBe(24);
		expect(entryScore('ice', { impact: 0, confidence: 3, ease: 4 })).toBeNull();
	});
});

describe('mediansText', () => {
	it('lists the medians it has, with units', () => {
		expect(mediansText('rice', { reach: 1000, impact: 2, confidence: 80 }, (n) => String(n))).toBe(
			'Reach 1000 · Impact 2 · Confidence 80 %'
		);
	});
});

describe('withSuggestedReach', () => {
	it("[FB12] offers a backlog idea's requesters as RICE Reach while none is given", () => {
		expect(withSuggestedReach('rice', { impact: '1' }, 37)).toEqual({ impact: '1', reach: '37' });
		expect(withSuggestedReach('rice', { reach: '5' }, 37)).toEqual({ reach: '5' });
		expect(withSuggestedReach('rice', {}, undefined)).toEqual({});
		expect(withSuggestedReach('ice', {}, 37)).toEqual({});
	});

	it('[FB12] sends nothing on its own: a suggested Reach alone is a partial estimate', () => {
		expect(readDraft('rice', withSuggestedReach('rice', {}, 37))).toEqual({
			state: 'partial',
			missing: ['Impact', 'Confidence', 'Effort']
		});
	});
});

describe('reachNote', () => {
	it('[FB12] says where a prefilled Reach came from, and keeps the count in view once edited', () => {
		expect(reachNote('rice', { reach: '37' }, 37)).toBe('Reach prefilled from 37 requesters');
		expect(reachNote('rice', { reach: '1' }, 1)).toBe('Reach prefilled from 1 requester');
		expect(reachNote('rice', { reach: '500' }, 37)).toBe('Backlog: 37 requesters');
		expect(reachNote('rice', { reach: '37' }, undefined)).toBeNull();
		expect(reachNote('wsjf', {}, 37)).toBeNull();
	});
});

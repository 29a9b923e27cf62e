import { describe, expect, it } from 'vitest';
import type { Idea } from '../../board.ts';
import { validateScorecard } from './check.ts';
import { DEMAND_CRITERION, demandScore, demandScores, withDemand } from './demand.ts';
import { scorecardRowOf, type Criterion } from './scorecard.ts';

const idea = (id: string, requesters?: number): Idea => ({
	id,
	title: id,
	description: '',
	createdBy: 'u',
	createdAt: 0,
	...(requesters !== undefined && { requesters })
});

const impact: Criterion = { id: 'impact', name: 'Impact', weight: 1, direction: 'benefit' };
const demand: Criterion = { id: 'demand', ...DEMAND_CRITERION };

describe('demandScore', () => {
	it('[FB12] gives 1 for no requesters and 5 for the most-asked idea', () => {
		expect(demandScore(0, 37)).toBe(1);
		expect(demandScore(37, 37)).toBe(5);
		expect(demandScore(5, 0)).toBe(1);
	});

	it('[FB12] is on a log scale, so one very popular idea does not flatten the rest', () => {
		// 1 + 4 × ln(11) / ln(1001) = 2.39
		expect(demandScore(10, 1000)).toBe(2.4);
		expect(demandScore(100, 1000)).toBeGreaterThan(demandScore(10, 1000));
	});
});

describe('demandScores', () => {
	it("[FB12] scores the backlog's ideas against the most-asked one and leaves the room's own out", () => {
		expect(demandScores([idea('a', 37), idea('b', 0), idea('own'), idea('c', 6)])).toEqual({
			a: 5,
			b: 1,
			c: 3.1
		});
	});
});

describe('withDemand', () => {
	it('[FB12] fills only the demand criterion, leaving the criteria list as it was', () => {
		const ideas = [idea('a', 4), idea('b', 1)];
		const criteria = withDemand([impact, demand], ideas);
		expect(criteria[0]).toBe(impact);
		expect(criteria[1]).toEqual({ ...demand, given: { a: 5, b: 2.7 } });
		expect(withDemand([impact], ideas)).toEqual([impact]);
	});
});

describe('a scorecard with a demand criterion', () => {
	it('[FB12] rejects a score for the demand criterion: nobody votes on it', () => {
		const checked = validateScorecard({ impact: 3, demand: 5 }, [impact, demand]);
		expect(checked).toMatchObject({ ok: false });
		expect(validateScorecard({ impact: 3 }, [impact, demand])).toMatchObject({ ok: true });
	});

	it("[FB12] composes the voted medians with the idea's given demand, and leaves an idea without one out of it", () => {
		const criteria = withDemand([impact, demand], [idea('a', 9), idea('b', 0), idea('own')]);
		// Two people scored impact 2 and 4 (median 3); a's demand is 5: (1 × 3 + 15 × 5) / 16.
		const a = scorecardRowOf('a', Float64Array.from([2, 4, NaN, NaN]), 2, criteria);
		expect(a.composite).toBeCloseTo(78 / 16, 10);
		expect(a.breakdown.map((p) => [p.criterionId, p.median])).toEqual([
			['impact', 3],
			['demand', 5]
		]);
		const b = scorecardRowOf('b', Float64Array.from([4, NaN]), 1, criteria);
		expect(b.composite).toBeCloseTo((4 + 15) / 16, 10);
		const own = scorecardRowOf('own', Float64Array.from([4, NaN]), 1, criteria);
		expect(own.composite).toBe(4);
		expect(own.breakdown.map((p) => p.criterionId)).toEqual(['impact']);
	});
});

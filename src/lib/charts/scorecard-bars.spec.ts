import { describe, expect, it } from 'vitest';
import type { Criterion, ScorecardRow } from '$lib/model/frameworks/scorecard/scorecard.ts';
import {
	criterionColour,
	CRITERION_COLOURS,
	ROW,
	scorecardBars,
	VALUE_GUTTER
} from './scorecard-bars.ts';

const criteria: Criterion[] = [
	{ id: 'value', name: 'Value', weight: 3, direction: 'benefit' },
	{ id: 'risk', name: 'Risk', weight: 1, direction: 'cost' },
	{ id: 'reach', name: 'Reach', weight: 1, direction: 'benefit' }
];

// Composite 4 = 3.75 (value, median 5) + 0.25 (risk, median 5 → contributes 1); reach unscored.
const x: ScorecardRow = {
	ideaId: 'x',
	rank: 1,
	count: 2,
	composite: 4,
	breakdown: [
		{ criterionId: 'value', count: 2, median: 5, contribution: 5, weighted: 3.75 },
		{ criterionId: 'risk', count: 2, median: 5, contribution: 1, weighted: 0.25 }
	]
};
const y: ScorecardRow = {
	ideaId: 'y',
	rank: null,
	count: 1,
	composite: null,
	breakdown: []
};
const titles = new Map([
	['x', 'Single sign-on'],
	['y', 'Dark mode']
]);

// 544 px wide: the bars get 500 px, 100 px per point of the 0–5 scale.
const width = 500 + VALUE_GUTTER;

describe('scorecardBars', () => {
	const layout = scorecardBars([x, y], titles, criteria, width);

	it('stacks the weighted contributions from 0, 100 px per point', () => {
		expect(layout.rows[0].segments.map((s) => [s.criterionId, s.x, s.width])).toEqual([
			['value', 0, 375],
			['risk', 375, 25]
		]);
	});

	it('ends each bar at its composite', () => {
		const last = layout.rows[0].segments.at(-1)!;
		expect(last.x + last.width).toBeCloseTo(layout.x(4));
	});

	it('gives each criterion the colour of its place in the criteria list', () => {
		expect(layout.rows[0].segments.map((s) => s.colour)).toEqual([
			CRITERION_COLOURS[0],
			CRITERION_COLOURS[1]
		]);
		expect(criterionColour(CRITERION_COLOURS.length + 2)).toBe(CRITERION_COLOURS[2]);
	});

	it('places rows one under the other, in the given order', () => {
		expect(layout.rows.map((r) => [r.ideaId, r.y])).toEqual([
			['x', 0],
			['y', ROW.height]
		]);
		expect(layout.height).toBe(2 * ROW.height);
	});

	it('ticks every point of the scale', () => {
		expect(layout.ticks).toEqual([0, 1, 2, 3, 4, 5].map((value) => ({ value, x: value * 100 })));
	});

	it('describes each row in words', () => {
		expect(layout.rows[0].label).toBe(
			'Rank 1: Single sign-on, composite 4.00: Value 3.75 (median 5), Risk 0.25 (median 5); scored by 2'
		);
		expect(layout.rows[1].label).toBe('Unranked: Dark mode, no composite; scored by 1');
	});

	it('keeps the bars at zero width when there is no room', () => {
		const narrow = scorecardBars([x], titles, criteria, 10);
		expect(narrow.rows[0].segments.every((s) => s.width === 0)).toBe(true);
	});
});

import { describe, expect, it } from 'vitest';
import { fillRoadmap } from '$lib/model/roadmap.ts';
import { capacityChart } from './capacity-chart.ts';

const ideas = [
	{ ideaId: 'a', title: 'A', rank: 1, score: 9, effort: 6 },
	{ ideaId: 'b', title: 'B', rank: 2, score: 5, effort: 6 },
	{ ideaId: 'c', title: 'C', rank: 3, score: 1, effort: 2 }
];

describe('capacityChart', () => {
	it('draws every horizon on one scale, with what is over capacity in its own segment', () => {
		// A and B are pinned to Now: 12 of 10 used there.
		const roadmap = fillRoadmap(
			ideas,
			{ now: 10, next: 5, later: null },
			new Map([
				['a', 'now'],
				['b', 'now']
			])
		);
		const chart = capacityChart(roadmap.columns, 264);
		const [now, next, later] = chart.bars;
		expect(now.text).toBe('12 of 10, 2 over');
		expect(now.over).toBe(true);
		// The axis runs from 64 to 252 for 0–12 (nice): 10 units are 156.67 px.
		expect(now.trackWidth).toBeCloseTo((188 * 10) / 12);
		expect(now.usedWidth).toBeCloseTo(now.trackWidth);
		expect(now.overX).toBeCloseTo(64 + now.trackWidth);
		expect(now.overWidth).toBeCloseTo((188 * 2) / 12);
		expect(next.text).toBe('2 of 5');
		expect(next.overWidth).toBe(0);
		expect(later).toMatchObject({ unlimited: true, text: '0 used, no limit', usedWidth: 0 });
		expect(later.trackWidth).toBeCloseTo(188);
	});

	it('keeps a usable axis when nothing is used and nothing is limited', () => {
		const chart = capacityChart(
			fillRoadmap([], { now: null, next: null, later: null }).columns,
			300
		);
		expect(chart.bars.every((b) => b.usedWidth === 0 && b.trackWidth > 0)).toBe(true);
		expect(chart.ticks.length).toBeGreaterThan(1);
	});
});

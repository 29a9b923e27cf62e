import { describe, expect, it } from 'vitest';
import { attendanceByFunction, decisionContents, weightShares, type Attendee } from './decision.ts';
import type { Outcome } from './outcome.ts';
import { fillRoadmap } from './roadmap.ts';

const outcome = (framework: Outcome['framework']): Outcome => ({
	framework,
	frameworkLabel: framework,
	hidden: false,
	ranked: [],
	unscored: [],
	roadmap: fillRoadmap([], { now: 1, next: null, later: null }),
	effortSource: 'none'
});

const criteria = [
	{ id: 'a', name: 'Impact', weight: 30, direction: 'benefit' as const },
	{ id: 'b', name: 'Risk', weight: 10, direction: 'cost' as const }
];

const members = [
	{ userId: 'f', name: 'Fran', function: 'Product', role: 'facilitator' },
	{ userId: 'p', name: 'Pat', function: 'Sales', role: 'participant' },
	{ userId: 'o', name: 'Olu', function: 'Sales', role: 'observer' },
	{ userId: 'v', name: 'Vic', function: 'Leadership', role: 'viewer' }
];

describe('decisionContents', () => {
	it('keeps the weights only when the scorecard ranked the roadmap', () => {
		expect(decisionContents(outcome('rice'), criteria, [], new Set()).weights).toEqual([]);
		expect(decisionContents(outcome('scorecard'), criteria, [], new Set()).weights).toEqual([
			{ name: 'Impact', weight: 30, direction: 'benefit' },
			{ name: 'Risk', weight: 10, direction: 'cost' }
		]);
	});

	it('lists everyone who takes part but viewers, and who was connected', () => {
		const { attendance } = decisionContents(outcome('rice'), [], members, new Set(['f', 'o', 'v']));
		expect(attendance.map((a) => [a.name, a.present])).toEqual([
			['Fran', true],
			['Pat', false],
			['Olu', true]
		]);
	});
});

describe('attendanceByFunction', () => {
	it('groups by function, most present first, names sorted', () => {
		const people: Attendee[] = [
			{ userId: '1', name: 'Zoe', function: 'Sales', role: 'participant', present: true },
			{ userId: '2', name: 'Amy', function: 'Sales', role: 'participant', present: true },
			{ userId: '3', name: 'Bo', function: 'Design', role: 'participant', present: false },
			{ userId: '4', name: 'Cy', function: 'Product', role: 'facilitator', present: true }
		];
		expect(attendanceByFunction(people)).toEqual([
			{ function: 'Sales', present: ['Amy', 'Zoe'], absent: [] },
			{ function: 'Product', present: ['Cy'], absent: [] },
			{ function: 'Design', present: [], absent: ['Bo'] }
		]);
	});
});

describe('weightShares', () => {
	it('gives each weight as a share of the total', () => {
		expect(weightShares(criteria).map((w) => [w.name, w.share])).toEqual([
			['Impact', 75],
			['Risk', 25]
		]);
	});

	it('gives zero shares when every weight is zero', () => {
		expect(weightShares([{ name: 'X', weight: 0, direction: 'benefit' }])[0].share).toBe(0);
	});
});

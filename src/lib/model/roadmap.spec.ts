import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	fillRoadmap,
	formatAmount,
	readRoadmapSettings,
	type Capacity,
	type Pin,
	type RankedIdea,
	type Roadmap
} from './roadmap.ts';

const idea = (rank: number, effort: number | null, score = 100 - rank): RankedIdea => ({
	ideaId: `i${rank}`,
	title: `Idea ${rank}`,
	rank,
	score,
	effort
});

const ids = (roadmap: Roadmap) => ({
	now: roadmap.columns[0].cards.map((c) => c.ideaId),
	next: roadmap.columns[1].cards.map((c) => c.ideaId),
	later: roadmap.columns[2].cards.map((c) => c.ideaId),
	needsEstimate: roadmap.needsEstimate.map((c) => c.ideaId),
	unplaced: roadmap.unplaced.map((c) => c.ideaId),
	out: roadmap.out.map((c) => c.ideaId)
});

const capacity: Capacity = { now: 10, next: 10, later: 6 };

describe('fillRoadmap', () => {
	it('fills each horizon by rank until the next idea no longer fits', () => {
		// efforts 5, 3, 4, 6: 5 + 3 = 8 in Now (4 more would make 12 > 10), 4 + 6 = 10 in Next
		const roadmap = fillRoadmap([idea(1, 5), idea(2, 3), idea(3, 4), idea(4, 6)], capacity);
		expect(ids(roadmap)).toMatchObject({ now: ['i1', 'i2'], next: ['i3', 'i4'], later: [] });
		expect(roadmap.columns.map((c) => [c.horizon, c.used, c.capacity, c.over])).toEqual([
			['now', 8, 10, false],
			['next', 10, 10, false],
			['later', 0, 6, false]
		]);
		expect(roadmap.columns[0].cards[1].reason).toBe(
			'Rank 2 (score 98), effort 3: fits Now (8 of 10 used)'
		);
	});

	it('lets a smaller, lower-ranked idea take leftover room and says it jumped (first fit)', () => {
		// Now: 6 (rank 1); rank 2 needs 7 > 10 − 6, so Next; rank 3 needs 4 ≤ 4 left: Now, 10 of 10
		const roadmap = fillRoadmap([idea(1, 6), idea(2, 7), idea(3, 4)], capacity);
		expect(ids(roadmap)).toMatchObject({ now: ['i1', 'i3'], next: ['i2'] });
		expect(roadmap.columns[0].cards[1].reason).toBe(
			'Rank 3 (score 97), effort 4: fits Now (10 of 10 used), ahead of rank 2, which did not fit there'
		);
		expect(roadmap.columns[1].cards[0].reason).toBe(
			'Rank 2 (score 98), effort 7: fits Next (7 of 10 used)'
		);
	});

	it('places pins first, counts their effort and flags a horizon they overfill', () => {
		// Pinned to Now: rank 5 (8) + rank 6 (4) = 12 > 10, over capacity. Rank 1 (3) then finds no
		// room in Now (12 + 3 > 10) and goes to Next.
		const pins = new Map<string, Pin>([
			['i5', 'now'],
			['i6', 'now']
		]);
		const roadmap = fillRoadmap([idea(1, 3), idea(5, 8), idea(6, 4)], capacity, pins);
		expect(ids(roadmap)).toMatchObject({ now: ['i5', 'i6'], next: ['i1'] });
		expect(roadmap.columns[0]).toMatchObject({ used: 12, over: true });
		expect(roadmap.columns[0].cards[0]).toMatchObject({
			pinned: true,
			reason: 'Pinned to Now by the facilitator (effort 8, 12 of 10 used, over capacity)'
		});
	});

	it('keeps an unestimated idea out of the horizons unless the facilitator pinned it', () => {
		const pins = new Map<string, Pin>([['i3', 'next']]);
		const roadmap = fillRoadmap([idea(1, 2), idea(2, null), idea(3, null)], capacity, pins);
		expect(ids(roadmap)).toMatchObject({ now: ['i1'], next: ['i3'], needsEstimate: ['i2'] });
		expect(roadmap.needsEstimate[0].reason).toBe(
			'Rank 2 (score 98): needs an effort estimate before it can be placed'
		);
		expect(roadmap.columns[1]).toMatchObject({ used: 0 });
		expect(roadmap.columns[1].cards[0].reason).toBe(
			'Pinned to Next by the facilitator (no effort estimate yet, so it uses no capacity)'
		);
	});

	it('treats a negative or non-finite effort as no estimate', () => {
		const roadmap = fillRoadmap([idea(1, -1), idea(2, NaN)], capacity);
		expect(ids(roadmap).needsEstimate).toEqual(['i1', 'i2']);
	});

	it('lists an idea too big for every horizon as unplaced, with the room that was left', () => {
		const roadmap = fillRoadmap([idea(1, 9), idea(2, 12)], capacity);
		expect(ids(roadmap)).toMatchObject({ now: ['i1'], unplaced: ['i2'] });
		expect(roadmap.unplaced[0].reason).toBe(
			'Rank 2 (score 98), effort 12: no horizon has room ' +
				'(Now 9 of 10 used; Next 0 of 10 used; Later 0 of 6 used)'
		);
	});

	it('gives Later no limit when its capacity is null or Infinity', () => {
		for (const later of [null, Infinity]) {
			// 10 in Now, 10 in Next, 100 + 1 in Later
			const roadmap = fillRoadmap([idea(1, 10), idea(2, 10), idea(3, 100), idea(4, 1)], {
				now: 10,
				next: 10,
				later
			});
			expect(ids(roadmap).later).toEqual(['i3', 'i4']);
			expect(roadmap.columns[2]).toMatchObject({ capacity: null, used: 101, over: false });
			expect(roadmap.columns[2].cards[1].reason).toBe(
				'Rank 4 (score 96), effort 1: fits Later (101 used, no limit)'
			);
		}
	});

	it('puts ideas pinned out in their own list and ignores pins of unknown ideas', () => {
		const pins = new Map<string, Pin>([
			['i1', 'out'],
			['gone', 'now']
		]);
		const roadmap = fillRoadmap([idea(1, 1), idea(2, 1)], capacity, pins);
		expect(ids(roadmap)).toMatchObject({ now: ['i2'], out: ['i1'] });
		expect(roadmap.out[0].reason).toBe('Left out by the facilitator');
	});

	it('orders by rank whatever order the ideas come in, keeping the given order for ties', () => {
		const tied = { ...idea(2, 1), ideaId: 'tied' };
		const roadmap = fillRoadmap([idea(3, 1), idea(2, 1), tied, idea(1, 1)], capacity);
		expect(ids(roadmap).now).toEqual(['i1', 'i2', 'tied', 'i3']);
	});

	it('treats a negative capacity as none', () => {
		const roadmap = fillRoadmap([idea(1, 1)], { now: -5, next: 0, later: 1 });
		expect(ids(roadmap).later).toEqual(['i1']);
		expect(roadmap.columns[0].capacity).toBe(0);
	});
});

describe('formatAmount', () => {
	it('keeps one decimal from 10 up and two below, dropping trailing zeros', () => {
		expect([12.44, 12.46, 3.14159, 5, 0.004, -12.34].map(formatAmount)).toEqual([
			'12.4',
			'12.5',
			'3.14',
			'5',
			'0',
			'-12.3'
		]);
	});
});

describe('readRoadmapSettings', () => {
	it('defaults to the first enabled framework that ranks, no limits and no pins', () => {
		// An empty control document has the matrix enabled (the default setup).
		expect(readRoadmapSettings(new Y.Doc())).toEqual({
			framework: 'matrix',
			chosen: false,
			capacity: { now: null, next: null, later: null },
			pins: new Map()
		});
	});

	it('reads the framework, the capacity and the pins', () => {
		const doc = new Y.Doc();
		const roadmap = doc.getMap('roadmap');
		const pins = doc.getMap('roadmapPins');
		roadmap.set('framework', 'scorecard');
		roadmap.set('capacity', { now: 10, next: 0, later: null });
		pins.set('a', 'now');
		pins.set('b', 'out');
		expect(readRoadmapSettings(doc)).toEqual({
			framework: 'scorecard',
			chosen: true,
			capacity: { now: 10, next: 0, later: null },
			pins: new Map([
				['a', 'now'],
				['b', 'out']
			])
		});
	});

	it('falls back to RICE when no enabled framework ranks', () => {
		const doc = new Y.Doc();
		doc.getMap('settings').set('frameworks', ['moscow', 'ice']);
		expect(readRoadmapSettings(doc).framework).toBe('ice');
		doc.getMap('settings').set('frameworks', ['moscow']);
		expect(readRoadmapSettings(doc).framework).toBe('rice');
	});

	it('falls back on garbage: unknown or unranked frameworks, bad amounts, bad pins', () => {
		const doc = new Y.Doc();
		doc.getMap('settings').set('frameworks', ['rice']);
		const roadmap = doc.getMap('roadmap');
		const pins = doc.getMap('roadmapPins');
		roadmap.set('framework', 'moscow');
		roadmap.set('capacity', { now: -1, next: '5', later: Infinity });
		pins.set('a', 'soon');
		pins.set('b', 3);
		pins.set('c', 'later');
		expect(readRoadmapSettings(doc)).toEqual({
			framework: 'rice',
			chosen: false,
			capacity: { now: null, next: null, later: null },
			pins: new Map([['c', 'later']])
		});
		roadmap.set('framework', 42);
		roadmap.set('capacity', 'lots');
		pins.delete('c');
		expect(readRoadmapSettings(doc)).toEqual({
			framework: 'rice',
			chosen: false,
			capacity: { now: null, next: null, later: null },
			pins: new Map()
		});
	});
});

import { describe, expect, it } from 'vitest';
import type { Idea } from '$lib/model/board.ts';
import { mulberry32 } from '$lib/model/random.ts';
import { matrixScales, prepareMatrix, type MatrixItem } from '../value-effort.ts';
import {
	layoutMatrixLabels,
	overlaps,
	placeLabels,
	type Box,
	type PlacedLabel
} from './label-placement.ts';

/** 7 px a character: wider than the matrix's 12 px titles average. */
const measure = (text: string) => text.length * 7;

const TITLES = [
	'Offline mode',
	'Single sign-on',
	'Dark mode',
	'Audit log export',
	'Slack integration',
	'Usage-based pricing',
	'Mobile app for field sales',
	'Bulk edit',
	'Custom fields',
	'SAML provisioning (SCIM)',
	'Public API v2',
	'Webhooks retry dashboard'
];

function ideas(count: number): Idea[] {
	return Array.from({ length: count }, (_, i) => ({
		id: `idea-${i}`,
		title: `${TITLES[i % TITLES.length]}${i >= TITLES.length ? ` ${i}` : ''}`,
		description: '',
		createdBy: 'u',
		createdAt: i
	}));
}

/** A phone's matrix (390 px wide screen) with `count` ideas placed at random, and their medians. */
function phoneMatrix(count: number, seed: number) {
	const random = mulberry32(seed);
	const list = ideas(count);
	const at = () => ({ value: Math.round(random() * 100), effort: Math.round(random() * 100) });
	const own = new Map(list.map((idea) => [idea.id, at()]));
	const groups = new Map(
		list.map((idea) => [idea.id, { median: at(), spread: { value: 20, effort: 20 }, count: 4 }])
	);
	const data = prepareMatrix(list, own, groups);
	const scales = matrixScales({
		width: 340,
		height: 340,
		margin: { top: 10, right: 12, bottom: 42, left: 44 }
	});
	return { data, scales };
}

function plotOf(scales: ReturnType<typeof matrixScales>): Box {
	const [left, right] = scales.x.range();
	const [bottom, top] = scales.y.range();
	return { x: left, y: top, width: right - left, height: bottom - top };
}

function expectClear(placed: PlacedLabel[], plot: Box) {
	for (const [i, a] of placed.entries()) {
		for (const b of placed.slice(i + 1))
			expect(overlaps(a.box, b.box), `${a.id} × ${b.id}`).toBe(false);
		expect(a.box.x).toBeGreaterThanOrEqual(plot.x);
		expect(a.box.y).toBeGreaterThanOrEqual(plot.y);
		expect(a.box.x + a.box.width).toBeLessThanOrEqual(plot.x + plot.width);
		expect(a.box.y + a.box.height).toBeLessThanOrEqual(plot.y + plot.height);
	}
}

describe('placeLabels', () => {
	const plot = { x: 0, y: 0, width: 300, height: 300 };

	it('[RM9] puts a lone title right of its point', () => {
		const { placed } = placeLabels(
			[{ id: 'a', x: 100, y: 100, r: 10, text: 'Hello' }],
			plot,
			[],
			measure
		);
		expect(placed).toHaveLength(1);
		expect(placed[0]).toMatchObject({ anchor: 'start', y: 104 });
		expect(placed[0].box.x).toBeGreaterThan(110);
	});

	it('[RM9] moves a title left of a point at the right edge, never past the plot', () => {
		const { placed } = placeLabels(
			[{ id: 'a', x: 290, y: 100, r: 10, text: 'Hello' }],
			plot,
			[],
			measure
		);
		expect(placed[0].anchor).toBe('end');
		expect(placed[0].box.x + placed[0].box.width).toBeLessThan(280);
	});

	it('[RM9] finds another spot for a title whose first choice is taken, and leaves out one that fits nowhere', () => {
		const anchors = [
			{ id: 'a', x: 100, y: 100, r: 10, text: 'First idea' },
			{ id: 'b', x: 100, y: 100, r: 10, text: 'Second idea' }
		];
		const { placed, dropped } = placeLabels(anchors, plot, [], measure);
		expect(placed.map((p) => p.id)).toEqual(['a', 'b']);
		expect(overlaps(placed[0].box, placed[1].box)).toBe(false);

		const tiny = { x: 0, y: 0, width: 60, height: 30 };
		expect(placeLabels(anchors, tiny, [], measure).dropped).toEqual(['a', 'b']);
		expect(dropped).toEqual([]);
	});

	it('[RM9] keeps clear of other ideas’ marks but not of its own', () => {
		const mark = { id: 'b', x: 112, y: 90, width: 40, height: 20 };
		const { placed } = placeLabels(
			[{ id: 'a', x: 100, y: 100, r: 10, text: 'Hello' }],
			plot,
			[mark],
			measure
		);
		expect(overlaps(placed[0].box, mark)).toBe(false);
		const own = placeLabels(
			[{ id: 'b', x: 100, y: 100, r: 10, text: 'Hello' }],
			plot,
			[mark],
			measure
		);
		expect(own.placed[0].anchor).toBe('start');
	});
});

describe('layoutMatrixLabels', () => {
	it.each([1, 2, 3, 4, 5])(
		'[RM9] with 30 ideas on a phone, no two titles overlap and none leaves the plot (seed %i)',
		(seed) => {
			const { data, scales } = phoneMatrix(30, seed);
			for (const mine of [true, false]) {
				const layout = layoutMatrixLabels({
					scales,
					placed: data.placed,
					grouped: data.grouped,
					ownAt: (item: MatrixItem) => item.own!,
					mine,
					activeId: null,
					maxChars: 16,
					measure
				});
				expect(layout.placed.length + layout.dropped.length).toBe(30);
				expect(layout.placed.length).toBeGreaterThan(0);
				expectClear(layout.placed, plotOf(scales));
			}
		}
	);

	it('[RM9] always places the focused idea’s title', () => {
		const { data, scales } = phoneMatrix(30, 9);
		const input = {
			scales,
			placed: data.placed,
			grouped: data.grouped,
			ownAt: (item: MatrixItem) => item.own!,
			mine: true,
			maxChars: 16,
			measure
		};
		const { dropped } = layoutMatrixLabels({ ...input, activeId: null });
		expect(dropped.length).toBeGreaterThan(0);
		const focused = dropped[dropped.length - 1];
		const layout = layoutMatrixLabels({ ...input, activeId: focused });
		expect(layout.placed[0].id).toBe(focused);
		expectClear(layout.placed, plotOf(scales));
	});
});

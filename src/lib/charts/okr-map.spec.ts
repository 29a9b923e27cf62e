import { describe, expect, it } from 'vitest';
import type { OkrMapObjective } from '$lib/model/frameworks/okr/okr.ts';
import { curve, linkWidth, okrMapLayout, ROW } from './okr-map.ts';

describe('linkWidth', () => {
	it.each([
		[1, 2],
		[1.5, 3.5],
		[2, 5],
		[3, 8],
		[0, 2],
		[4, 8]
	])('a link of strength %s is %s px wide', (strength, width) => {
		expect(linkWidth(strength)).toBe(width);
	});
});

describe('curve', () => {
	it('leaves and arrives horizontally, bending half way', () => {
		expect(curve(0, 10, 100, 50)).toBe('M0,10C50,10 50,50 100,50');
	});
});

describe('okrMapLayout', () => {
	// O1 has k1 (a: strong by 2 people, b: weak by 1) and k2 (no ideas); O2 has no key results.
	const map: OkrMapObjective[] = [
		{
			id: 'o1',
			title: 'Grow',
			weight: 4,
			keyResults: [
				{
					id: 'k1',
					title: 'Deals',
					weight: 4,
					ideas: [
						{ ideaId: 'a', weight: 3, count: 2 },
						{ ideaId: 'b', weight: 1, count: 1 }
					]
				},
				{ id: 'k2', title: 'Churn', weight: 0, ideas: [] }
			]
		},
		{ id: 'o2', title: 'Delight', weight: 0, keyResults: [] }
	];
	const coverage = [
		{ objectiveId: 'o1', covered: 1, total: 2, share: 0.5 },
		{ objectiveId: 'o2', covered: 0, total: 0, share: 0 }
	];
	const titles = new Map([
		['a', 'Alpha'],
		['b', 'Beta'],
		['c', 'Gamma']
	]);
	// 900 px: columns of 260 px (the most a label needs), so gaps of (900 − 780) / 2 = 60 px;
	// columns at x = 0, 320 and 640.
	const layout = okrMapLayout(map, coverage, titles, ['c'], 900);

	it('gives each key result (or objective without one) a band: three rows of 50 px', () => {
		expect(layout.height).toBe(3 * ROW);
		expect(layout.keyResults.map((n) => [n.id, n.x, n.y, n.width])).toEqual([
			['k1', 320, 25, 260],
			['k2', 320, 75, 260]
		]);
	});

	it('centres an objective across its key results', () => {
		expect(layout.objectives.map((n) => [n.id, n.x, n.y])).toEqual([
			['o1', 0, 50],
			['o2', 0, 125]
		]);
		expect(layout.objectives[0].coverage.share).toBe(0.5);
	});

	it('orders linked ideas by the key results they serve, unaligned ones last and flagged', () => {
		expect(
			layout.ideas.map((n) => [n.id, n.title, n.x, n.y, n.unaligned, n.weight, n.keyResults])
		).toEqual([
			['a', 'Alpha', 640, 25, false, 3, 1],
			['b', 'Beta', 640, 75, false, 1, 1],
			['c', 'Gamma', 640, 125, true, 0, 0]
		]);
	});

	it('draws thin structure curves from objectives to their key results', () => {
		const structure = layout.links.filter((l) => l.kind === 'structure');
		expect(structure.map((l) => [l.id, l.path, l.width])).toEqual([
			['objective:o1->key-result:k1', 'M260,50C290,50 290,25 320,25', 1.5],
			['objective:o1->key-result:k2', 'M260,50C290,50 290,75 320,75', 1.5]
		]);
	});

	it('draws links as wide as their strength, with their count at the middle', () => {
		const links = layout.links.filter((l) => l.kind === 'link');
		expect(links.map((l) => [l.target, l.path, l.width, l.count, l.mid])).toEqual([
			['idea:a', 'M580,25C610,25 610,25 640,25', 8, 2, { x: 610, y: 25 }],
			['idea:b', 'M580,25C610,25 610,75 640,75', 2, 1, { x: 610, y: 50 }]
		]);
	});

	it('has one row and no nodes without objectives or ideas', () => {
		const empty = okrMapLayout([], [], titles, [], 900);
		expect([empty.height, empty.objectives.length, empty.ideas.length]).toEqual([ROW, 0, 0]);
	});

	it('spreads ideas over the height when there are more ideas than key results', () => {
		const many = okrMapLayout(map.slice(0, 1), coverage, titles, ['c', 'd', 'e'], 900);
		// Five ideas → five rows of 50 px; the two key results split the 250 px in two bands.
		expect(many.height).toBe(250);
		expect(many.keyResults.map((n) => n.y)).toEqual([62.5, 187.5]);
		expect(many.ideas.map((n) => n.y)).toEqual([25, 75, 125, 175, 225]);
	});

	it('shares a narrow width out evenly, keeping 40 px gaps', () => {
		// (600 − 80) / 3 = 173⅓ px columns.
		const narrow = okrMapLayout(map, coverage, titles, [], 600);
		expect(narrow.keyResults[0].x).toBeCloseTo(600 / 3 + 40 / 3);
		expect(narrow.ideas[0].x + narrow.ideas[0].width).toBeCloseTo(600);
	});
});

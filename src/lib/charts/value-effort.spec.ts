import { describe, expect, it } from 'vitest';
import type { Idea } from '$lib/model/board.ts';
import { quadrant } from '$lib/model/frameworks/matrix/matrix.ts';
import {
	formatScore,
	groupFromRow,
	insidePlot,
	MatrixPrep,
	matrixScales,
	nudge,
	placementAt,
	prepareMatrix,
	QUADRANTS,
	shortLabel,
	type Frame
} from './value-effort.ts';

function idea(id: string, title = id): Idea {
	return { id, title, description: '', createdBy: 'u0', createdAt: 0 };
}

const frame: Frame = {
	width: 240,
	height: 140,
	margin: { top: 10, right: 20, bottom: 30, left: 20 }
};

describe('groupFromRow', () => {
	const row = (patch: Record<string, unknown> = {}) => ({
		ideaId: 'a',
		rank: 1,
		count: 4,
		median: { value: 25, effort: 50 },
		spread: { value: 25, effort: 40 },
		...patch
	});

	it('reads the median, the spread and the count of a tally row', () => {
		expect(groupFromRow(row())).toMatchObject({
			count: 4,
			median: { value: 25, effort: 50 },
			spread: { value: 25, effort: 40 }
		});
	});

	it('draws the spread as a box of the IQR’s size centred on the median', () => {
		const g = groupFromRow(row())!;
		expect(g.low).toEqual({ value: 12.5, effort: 30 });
		expect(g.high).toEqual({ value: 37.5, effort: 70 });
	});

	it('keeps the box on the matrix', () => {
		const g = groupFromRow(row({ median: { value: 95, effort: 2 } }))!;
		expect(g.high.value).toBe(100);
		expect(g.low.effort).toBe(0);
	});

	it.each([
		['a hidden row (anonymous, fewer than 3 people)', { hidden: true }],
		['a row without a median', { median: null }],
		['a row with a text spread', { spread: { value: 'wide', effort: 1 } }],
		['a row of nobody', { count: 0 }]
	])('gives no point for %s', (_name, patch) => {
		expect(groupFromRow(row(patch))).toBeNull();
	});
});

const tallyRow = (value: number, effort: number, count: number) => ({
	count,
	median: { value, effort },
	spread: { value: 0, effort: 0 }
});

describe('prepareMatrix', () => {
	const ideas = [idea('a', 'Alpha'), idea('b', 'Beta'), idea('c', 'Gamma')];
	const own = new Map<string, unknown>([['a', { value: 80, effort: 20 }]]);
	const groups = new Map([
		['a', tallyRow(70, 30, 2)],
		['b', tallyRow(10, 90, 1)]
	]);

	it('numbers ideas in list order and splits placed ideas from the tray', () => {
		const data = prepareMatrix(ideas, own, groups);
		expect(data.items.map((i) => [i.id, i.number])).toEqual([
			['a', 1],
			['b', 2],
			['c', 3]
		]);
		expect(data.placed.map((i) => i.id)).toEqual(['a']);
		expect(data.tray.map((i) => i.id)).toEqual(['b', 'c']);
		expect(data.grouped.map((i) => i.id)).toEqual(['a', 'b']);
	});

	it('keeps your own point apart from the group median', () => {
		const [a] = prepareMatrix(ideas, own, groups).items;
		expect(a.own).toEqual({ value: 80, effort: 20 });
		expect(a.group?.median).toEqual({ value: 70, effort: 30 });
		expect(a.count).toBe(2);
	});

	it('leaves an invalid entry of your own in the tray, as the server leaves it out', () => {
		const data = prepareMatrix(ideas, new Map([['a', { value: 150, effort: 20 }]]), groups);
		expect(data.placed).toEqual([]);
		expect(data.tray.map((i) => i.id)).toEqual(['a', 'b', 'c']);
	});

	it('while blind, has no group points but still the counts', () => {
		const data = prepareMatrix(ideas, own, new Map(), new Map([['a', 3]]));
		expect(data.grouped).toEqual([]);
		expect(data.items.map((i) => i.count)).toEqual([3, 0, 0]);
	});

	it('gives someone without a ballot no points of their own and no tray', () => {
		const data = prepareMatrix(ideas, null, groups);
		expect(data.placed).toEqual([]);
		expect(data.tray).toEqual([]);
		expect(data.grouped).toHaveLength(2);
	});
});

describe('MatrixPrep', () => {
	const ideas = [idea('a'), idea('b')];
	const aOwn = { value: 80, effort: 20 };
	const aRow = tallyRow(80, 20, 1);
	const bRow = tallyRow(10, 90, 1);

	it('gives back the same item while its idea, entry and row are the same objects', () => {
		const prep = new MatrixPrep();
		const first = prep.prepare(
			ideas,
			new Map([['a', aOwn]]),
			new Map([
				['a', aRow],
				['b', bRow]
			])
		);
		const second = prep.prepare(
			ideas,
			new Map<string, unknown>([
				['a', aOwn],
				['b', { value: 50, effort: 50 }]
			]),
			new Map([
				['a', aRow],
				['b', tallyRow(30, 70, 2)]
			])
		);
		expect(second.items[0]).toBe(first.items[0]);
		expect(second.items[1]).not.toBe(first.items[1]);
		expect(second.items[1].own).toEqual({ value: 50, effort: 50 });
		expect(second.items[1].group?.count).toBe(2);
	});

	it('renumbers an item when an idea before it goes', () => {
		const prep = new MatrixPrep();
		const groups = new Map([['b', bRow]]);
		const first = prep.prepare(ideas, new Map(), groups);
		const second = prep.prepare([ideas[1]], new Map(), groups);
		expect(first.items[1].number).toBe(2);
		expect(second.items[0].number).toBe(1);
	});
});

describe('matrixScales and placementAt', () => {
	const scales = matrixScales(frame);

	it('puts low effort on the left and high value at the top', () => {
		expect(scales.x(0)).toBe(20);
		expect(scales.x(100)).toBe(220);
		expect(scales.y(100)).toBe(10);
		expect(scales.y(0)).toBe(110);
	});

	it('turns a pixel back into a placement, rounded to a tenth', () => {
		expect(placementAt(scales, 120, 60)).toEqual({ value: 50, effort: 50 });
		expect(placementAt(scales, 20 + 200 / 3, 10)).toEqual({ value: 100, effort: 33.3 });
	});

	it('keeps a point dragged past the edge on the matrix', () => {
		expect(placementAt(scales, -50, 500)).toEqual({ value: 0, effort: 0 });
		expect(placementAt(scales, 999, -20)).toEqual({ value: 100, effort: 100 });
	});

	it('knows the plot area from the margins', () => {
		expect(insidePlot(scales, 120, 60)).toBe(true);
		expect(insidePlot(scales, 10, 60)).toBe(false);
		expect(insidePlot(scales, 120, 120)).toBe(false);
	});
});

describe('nudge', () => {
	const at = { value: 50, effort: 50 };

	it.each([
		['ArrowUp', false, { value: 51, effort: 50 }],
		['ArrowDown', false, { value: 49, effort: 50 }],
		['ArrowRight', false, { value: 50, effort: 51 }],
		['ArrowLeft', false, { value: 50, effort: 49 }],
		['ArrowUp', true, { value: 60, effort: 50 }],
		['ArrowLeft', true, { value: 50, effort: 40 }]
	] as const)('moves %s (big step: %s)', (key, big, expected) => {
		expect(nudge(at, key, big)).toEqual(expected);
	});

	it('stops at the edges', () => {
		expect(nudge({ value: 95, effort: 3 }, 'ArrowUp', true)).toEqual({ value: 100, effort: 3 });
		expect(nudge({ value: 95, effort: 3 }, 'ArrowLeft', true)).toEqual({ value: 95, effort: 0 });
	});

	it('ignores other keys', () => {
		expect(nudge(at, 'Enter', false)).toBeNull();
	});
});

describe('QUADRANTS', () => {
	it('labels each area as the model classifies points inside it', () => {
		for (const area of QUADRANTS) {
			const centre = {
				value: (area.value[0] + area.value[1]) / 2,
				effort: (area.effort[0] + area.effort[1]) / 2
			};
			expect(quadrant(centre)).toBe(area.name);
		}
	});

	it('puts quick wins top left and money pits bottom right', () => {
		expect(QUADRANTS.find((q) => q.corner === 'top-left')?.name).toBe('Quick wins');
		expect(QUADRANTS.find((q) => q.corner === 'bottom-right')?.name).toBe('Money pits');
	});
});

describe('shortLabel', () => {
	it('keeps short titles', () => {
		expect(shortLabel('  Dark   mode ')).toBe('Dark mode');
	});

	it('cuts long titles at a word with an ellipsis', () => {
		expect(shortLabel('Single sign-on for enterprise customers', 26)).toBe('Single sign-on for…');
	});

	it('cuts a long single word', () => {
		expect(shortLabel('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
	});
});

describe('formatScore', () => {
	it('drops a trailing .0 and keeps one decimal', () => {
		expect(formatScore(62)).toBe('62');
		expect(formatScore(62.5)).toBe('62.5');
		expect(formatScore(33.333)).toBe('33.3');
	});
});

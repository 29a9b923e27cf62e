import { describe, expect, it } from 'vitest';
import type { Idea, Placement } from '$lib/model/board.ts';
import { quadrant } from '$lib/model/matrix.ts';
import {
	formatScore,
	groupPoint,
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

describe('groupPoint', () => {
	it('is null when nobody placed the idea', () => {
		expect(groupPoint([])).toBeNull();
	});

	it('gives one person a point with no spread', () => {
		const g = groupPoint([{ value: 70, effort: 20 }]);
		expect(g).toMatchObject({
			count: 1,
			median: { value: 70, effort: 20 },
			spread: { value: 0, effort: 0 },
			low: { value: 70, effort: 20 },
			high: { value: 70, effort: 20 }
		});
	});

	it('bounds the spread by the quartiles, computed per axis (hand-checked)', () => {
		// values 10, 20, 30, 80 → Q1 17.5, median 25, Q3 42.5; efforts 0, 40, 60, 100 → 30, 50, 70
		const g = groupPoint([
			{ value: 80, effort: 0 },
			{ value: 10, effort: 100 },
			{ value: 30, effort: 60 },
			{ value: 20, effort: 40 }
		])!;
		expect(g.median).toEqual({ value: 25, effort: 50 });
		expect(g.low).toEqual({ value: 17.5, effort: 30 });
		expect(g.high).toEqual({ value: 42.5, effort: 70 });
		expect(g.high.value - g.low.value).toBeCloseTo(g.spread.value);
		expect(g.high.effort - g.low.effort).toBeCloseTo(g.spread.effort);
	});
});

describe('prepareMatrix', () => {
	const ideas = [idea('a', 'Alpha'), idea('b', 'Beta'), idea('c', 'Gamma')];
	const placements = new Map<string, Map<string, Placement>>([
		[
			'a',
			new Map([
				['me', { value: 80, effort: 20 }],
				['you', { value: 60, effort: 40 }]
			])
		],
		['b', new Map([['you', { value: 10, effort: 90 }]])]
	]);

	it('numbers ideas in list order and splits placed ideas from the tray', () => {
		const data = prepareMatrix(ideas, placements, 'me');
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
		const [a] = prepareMatrix(ideas, placements, 'me').items;
		expect(a.own).toEqual({ value: 80, effort: 20 });
		expect(a.group?.median).toEqual({ value: 70, effort: 30 });
		expect(a.group?.count).toBe(2);
	});

	it('gives a viewer no points of their own and no tray', () => {
		const data = prepareMatrix(ideas, placements, null);
		expect(data.placed).toEqual([]);
		expect(data.tray).toEqual([]);
		expect(data.grouped).toHaveLength(2);
	});
});

describe('MatrixPrep', () => {
	const ideas = [idea('a'), idea('b')];
	const aPlaced = new Map([['me', { value: 80, effort: 20 }]]);
	const bPlaced = new Map([['you', { value: 10, effort: 90 }]]);

	it('gives back the same item while its idea and placements are the same objects', () => {
		const prep = new MatrixPrep();
		const first = prep.prepare(
			ideas,
			new Map([
				['a', aPlaced],
				['b', bPlaced]
			]),
			'me'
		);
		const moved = new Map([...bPlaced, ['me', { value: 50, effort: 50 }]]);
		const second = prep.prepare(
			ideas,
			new Map([
				['a', aPlaced],
				['b', moved]
			]),
			'me'
		);
		expect(second.items[0]).toBe(first.items[0]);
		expect(second.items[1]).not.toBe(first.items[1]);
		expect(second.items[1].own).toEqual({ value: 50, effort: 50 });
		expect(second.items[1].group?.count).toBe(2);
	});

	it('renumbers an item when an idea before it goes', () => {
		const prep = new MatrixPrep();
		const placements = new Map([['b', bPlaced]]);
		const first = prep.prepare(ideas, placements, 'me');
		const second = prep.prepare([ideas[1]], placements, 'me');
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

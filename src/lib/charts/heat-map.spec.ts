import { describe, expect, it } from 'vitest';
import type { HeatMap } from '$lib/model/frameworks/consensus.ts';
import {
	cellColour,
	cellIndex,
	CELL,
	describeCell,
	HEAT_COLOURS,
	heatLayout,
	luminance,
	textColour
} from './heat-map.ts';

const map: HeatMap = {
	ideas: ['a', 'b'],
	functions: ['Product', 'Sales', 'Engineering'],
	cells: [
		{ ideaId: 'a', function: 'Product', median: 80, count: 2, deviation: 0.2 },
		{ ideaId: 'a', function: 'Sales', median: 40, count: 1, deviation: -0.2 },
		{ ideaId: 'b', function: 'Engineering', median: 50, count: 3, deviation: 0 }
	]
};

describe('cellColour', () => {
	it('is near white in agreement, orange below the room and purple above', () => {
		expect(cellColour(0)).toBe('rgb(247, 247, 247)');
		expect(cellColour(-1)).toBe('rgb(179, 88, 6)');
		expect(cellColour(1)).toBe('rgb(84, 39, 136)');
	});

	it('treats a missing deviation as agreement', () => {
		expect(cellColour(NaN)).toBe(cellColour(0));
	});

	it('uses the five PuOr colours at its stops', () => {
		expect(HEAT_COLOURS).toHaveLength(5);
	});
});

describe('luminance and textColour', () => {
	it('computes WCAG relative luminance', () => {
		expect(luminance('#ffffff')).toBeCloseTo(1);
		expect(luminance('rgb(0, 0, 0)')).toBe(0);
	});

	it('puts white text on the strong colours and dark text on the pale ones', () => {
		expect(textColour(cellColour(1))).toBe('#ffffff');
		expect(textColour(cellColour(-1))).toBe('#ffffff');
		expect(textColour(cellColour(0))).toBe('#181a2a');
	});
});

describe('heatLayout', () => {
	it('fills the available width with cells of a bounded size', () => {
		const wide = heatLayout(map, 2000, 200);
		expect(wide.width).toBe(200 + 3 * CELL.maxWidth);
		const narrow = heatLayout(map, 300, 120);
		expect(narrow.width).toBe(120 + 3 * CELL.minWidth);
		expect(narrow.height).toBe(narrow.headerHeight + 2 * CELL.height);
	});

	it('puts functions in columns and ideas in rows, in the given order', () => {
		const layout = heatLayout(map, 600, 150);
		expect(layout.x('Product')!).toBeLessThan(layout.x('Engineering')!);
		expect(layout.y('a')!).toBeLessThan(layout.y('b')!);
		expect(layout.x('Product')).toBe(150);
	});
});

describe('cellIndex', () => {
	it('finds cells by idea and function, with gaps where nobody voted', () => {
		const index = cellIndex(map);
		expect(index.get('a')?.get('Sales')?.median).toBe(40);
		expect(index.get('b')?.get('Sales')).toBeUndefined();
	});
});

describe('describeCell', () => {
	const format = (n: number) => String(n);

	it('says the median, who gave it and how far from the room', () => {
		expect(describeCell(map.cells[0], 'SSO', format, 60)).toBe(
			'Product on “SSO”: median 80 (2 people), 20 above the room’s 60'
		);
		expect(describeCell(map.cells[1], 'SSO', format, 60)).toBe(
			'Sales on “SSO”: median 40 (1 person), 20 below the room’s 60'
		);
		expect(describeCell(map.cells[2], 'Dark mode', format, 50)).toBe(
			'Engineering on “Dark mode”: median 50 (3 people), in line with the room'
		);
	});
});

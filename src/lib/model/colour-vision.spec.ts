import { describe, expect, it } from 'vitest';
import { closestPair, colourDistance, seenAs, VISIONS } from './colour-vision.ts';
import { FUNCTION_COLOURS } from './functions.ts';

describe('seenAs', () => {
	it('keeps white, black and greys as they are for every vision', () => {
		for (const vision of VISIONS) {
			expect(seenAs('#ffffff', vision)[0]).toBeCloseTo(100, 0);
			expect(seenAs('#000000', vision)[0]).toBeCloseTo(0, 5);
		}
	});

	it('gives CIELAB for normal vision', () => {
		const [l, a, b] = seenAs('#ff0000', 'normal');
		expect(l).toBeCloseTo(53.2, 0);
		expect(a).toBeCloseTo(80.1, 0);
		expect(b).toBeCloseTo(67.2, 0);
	});
});

describe('colourDistance', () => {
	it('brings red and green much closer with protanopia and deuteranopia, not with tritanopia', () => {
		const [red, green] = ['#d62728', '#2ca02c'];
		const normal = colourDistance(red, green, 'normal');
		expect(normal).toBeGreaterThan(80);
		expect(colourDistance(red, green, 'protanopia')).toBeLessThan(normal / 2);
		expect(colourDistance(red, green, 'deuteranopia')).toBeLessThan(normal / 2);
		expect(colourDistance(red, green, 'tritanopia')).toBeGreaterThan(normal / 2);
	});
});

describe('closestPair', () => {
	// Sixteen is well above the ~2.3 just-noticeable difference, and what the Okabe–Ito colours
	// the palette starts from reach themselves; colour still never stands alone (text labels).
	it.each(VISIONS)('keeps every two function colours clearly apart with %s', (vision) => {
		const closest = closestPair(FUNCTION_COLOURS, vision);
		expect(closest.distance, `${closest.a} and ${closest.b}`).toBeGreaterThan(16);
	});

	it('names the closest pair of a palette', () => {
		const closest = closestPair({ red: '#ff0000', darkRed: '#ee0000', blue: '#0000ff' }, 'normal');
		expect([closest.a, closest.b]).toEqual(['red', 'darkRed']);
	});
});

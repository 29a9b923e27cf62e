import { describe, expect, it } from 'vitest';
import {
	anchorAt,
	CURSOR_GONE_MS,
	CURSOR_IDLE_MS,
	cursorPhase,
	fromFractions,
	toFractions
} from './cursor-geometry.ts';

const plot = { left: 100, top: 50, width: 400, height: 300 };

describe('toFractions', () => {
	it('gives the position inside a box as fractions of its size', () => {
		expect(toFractions(plot, 300, 200)).toEqual({ x: 0.5, y: 0.5 });
		expect(toFractions(plot, 100, 350)).toEqual({ x: 0, y: 1 });
	});

	it('gives 0 for a box of no size rather than dividing by zero', () => {
		expect(toFractions({ left: 0, top: 0, width: 0, height: 0 }, 5, 5)).toEqual({ x: 0, y: 0 });
	});
});

describe('fromFractions', () => {
	it('lands on the same point of the chart on a screen of another size', () => {
		// A pointer at value 80, effort 20 on a wide plot…
		const wide = { left: 44, top: 10, width: 800, height: 600 };
		const at = toFractions(wide, 44 + 0.2 * 800, 10 + 0.2 * 600);
		// …is drawn at value 80, effort 20 of a phone's plot, wherever the layer starts.
		const phone = { left: 60, top: 400, width: 300, height: 280 };
		const origin = { left: 16, top: 380 };
		const drawn = fromFractions(phone, at, origin);
		expect(drawn.left).toBeCloseTo(60 - 16 + 0.2 * 300);
		expect(drawn.top).toBeCloseTo(400 - 380 + 0.2 * 280);
	});
});

describe('anchorAt', () => {
	const lanes = [
		{ name: 'must', box: { left: 0, top: 0, width: 100, height: 200 } },
		{ name: 'should', box: { left: 110, top: 0, width: 100, height: 200 } }
	];

	it('finds the anchor that holds the point', () => {
		expect(anchorAt(lanes, 160, 100)).toEqual({ anchor: 'should', x: 0.5, y: 0.5 });
	});

	it('takes the nearest anchor for a point just outside one (an axis label of the plot)', () => {
		expect(anchorAt(lanes, 104, 100)?.anchor).toBe('must');
		expect(anchorAt([{ name: 'plot', box: plot }], 80, 200)).toEqual({
			anchor: 'plot',
			x: -0.05,
			y: 0.5
		});
	});

	it('finds nothing far from every anchor, or in an anchor of no size', () => {
		expect(anchorAt(lanes, 500, 100)).toBeNull();
		expect(
			anchorAt([{ name: 'x', box: { left: 0, top: 0, width: 0, height: 0 } }], 0, 0)
		).toBeNull();
	});
});

describe('cursorPhase', () => {
	it('shows a moving cursor, fades an idle one, and drops one idle for long', () => {
		expect(cursorPhase(0)).toBe('active');
		expect(cursorPhase(CURSOR_IDLE_MS - 1)).toBe('active');
		expect(cursorPhase(CURSOR_IDLE_MS)).toBe('idle');
		expect(cursorPhase(CURSOR_GONE_MS)).toBe('gone');
	});
});

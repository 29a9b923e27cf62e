import { describe, expect, it } from 'vitest';
import { interquartileRange, median, quadrant, quantile, summarize } from './matrix.ts';

describe('quantile', () => {
	it('interpolates between the closest ranks', () => {
		// positions (n-1)p: 0.25 → 0.75 between 10 and 20
		expect(quantile([10, 20, 30, 40], 0.25)).toBe(17.5);
		expect(quantile([10, 20, 30, 40], 0.75)).toBe(32.5);
	});

	it('is NaN for no values', () => {
		expect(quantile([], 0.5)).toBeNaN();
	});
});

describe('median', () => {
	it('takes the middle value of an odd count, in any input order', () => {
		expect(median([70, 10, 40])).toBe(40);
	});

	it('averages the two middle values of an even count', () => {
		expect(median([90, 10, 20, 60])).toBe(40);
	});

	it('is the value itself for one person', () => {
		expect(median([33])).toBe(33);
	});
});

describe('interquartileRange', () => {
	it('is Q3 − Q1', () => {
		// sorted 10 20 30 40 50: Q1 at 1 → 20, Q3 at 3 → 40
		expect(interquartileRange([50, 10, 40, 20, 30])).toBe(20);
	});

	it('is zero when everyone agrees or one person voted', () => {
		expect(interquartileRange([60, 60, 60])).toBe(0);
		expect(interquartileRange([60])).toBe(0);
	});
});

describe('summarize', () => {
	it('gives per-axis medians and spreads', () => {
		const summary = summarize([
			{ value: 80, effort: 20 },
			{ value: 60, effort: 40 },
			{ value: 20, effort: 30 },
			{ value: 100, effort: 90 }
		]);
		// values sorted 20 60 80 100: median 70, Q1 at 0.75 → 50, Q3 at 2.25 → 85, IQR 35
		// efforts sorted 20 30 40 90: median 35, Q1 27.5, Q3 52.5, IQR 25
		expect(summary).toEqual({
			count: 4,
			median: { value: 70, effort: 35 },
			spread: { value: 35, effort: 25 }
		});
	});

	it('is null when nobody placed the idea', () => {
		expect(summarize([])).toBeNull();
	});
});

describe('quadrant', () => {
	it.each([
		[{ value: 80, effort: 20 }, 'Quick wins'],
		[{ value: 80, effort: 80 }, 'Big bets'],
		[{ value: 20, effort: 20 }, 'Fill-ins'],
		[{ value: 20, effort: 80 }, 'Money pits'],
		[{ value: 50, effort: 50 }, 'Big bets']
	] as const)('puts %o in %s', (at, expected) => {
		expect(quadrant(at)).toBe(expected);
	});
});

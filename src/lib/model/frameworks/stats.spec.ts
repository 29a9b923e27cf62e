import { describe, expect, it } from 'vitest';
import { quantile } from './matrix/matrix.ts';
import {
	distribution,
	medianOf,
	medianOfRange,
	quantileOfIntegers,
	quantileOfRange,
	scratch,
	sortRange
} from './stats.ts';

/** A seeded generator, so a failing case can be run again. */
function seededRandom(seed: number) {
	return () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
}

describe('scratch', () => {
	it('grows to the size asked for and is reused', () => {
		const small = scratch(4);
		expect(scratch(4)).toBe(small);
		expect(scratch(10_000).length).toBeGreaterThanOrEqual(10_000);
	});
});

describe('sortRange', () => {
	it('sorts only the range, small or large', () => {
		const values = Float64Array.of(9, 3, -1, 2, 2, 0);
		sortRange(values, 1, 5);
		expect([...values]).toEqual([9, -1, 2, 2, 3, 0]);
		const large = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
		sortRange(large, 0, 100);
		expect([...large]).toEqual(Array.from({ length: 100 }, (_, i) => i));
	});
});

describe('quantileOfRange', () => {
	it('agrees with the matrix’s quantile', () => {
		const values = Float64Array.of(99, 10, 20, 30, 40);
		for (const p of [0, 0.25, 0.5, 0.75, 1]) {
			expect(quantileOfRange(values, 1, 5, p)).toBe(quantile([10, 20, 30, 40], p));
		}
	});

	it('is NaN for an empty range', () => {
		expect(quantileOfRange(new Float64Array(2), 1, 1, 0.5)).toBeNaN();
	});
});

describe('quantileOfIntegers', () => {
	it('counts its way to the same quantile as sorting, for whole numbers on a small scale', () => {
		// By hand: 1 2 2 4 5 → median 2; Q1 at rank 1 → 2; Q3 at rank 3 → 4; with 1 2 4 5 the
		// median falls between 2 and 4 → 3.
		const values = Float64Array.of(0, 4, 2, 5, 1, 2, 0);
		expect(quantileOfIntegers(values, 1, 6, 1, 5, 0.5)).toBe(2);
		expect(quantileOfIntegers(values, 1, 6, 1, 5, 0.25)).toBe(2);
		expect(quantileOfIntegers(values, 1, 6, 1, 5, 0.75)).toBe(4);
		expect(quantileOfIntegers(Float64Array.of(4, 2, 5, 1), 0, 4, 1, 5, 0.5)).toBe(3);
		expect(values).toEqual(Float64Array.of(0, 4, 2, 5, 1, 2, 0));
	});

	it('agrees with quantileOfRange on many random groups', () => {
		const random = seededRandom(3);
		for (let run = 0; run < 200; run++) {
			const n = 1 + Math.floor(random() * 45);
			const values = Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 10));
			const sorted = values.slice().sort();
			for (const p of [0.25, 0.5, 0.75]) {
				expect(quantileOfIntegers(values, 0, n, 1, 10, p)).toBe(quantileOfRange(sorted, 0, n, p));
			}
		}
	});

	it('is NaN for an empty range', () => {
		expect(quantileOfIntegers(new Float64Array(3), 1, 1, 1, 5, 0.5)).toBeNaN();
	});
});

describe('medianOfRange', () => {
	it('finds the median of the range by the same rule as sorting, and leaves the rest alone', () => {
		// By hand: 7 1 5 3 → 1 3 5 7 → between 3 and 5 → 4; 7 1 5 → 5.
		expect(medianOfRange(Float64Array.of(9, 7, 1, 5, 3, -9), 1, 5)).toBe(4);
		const values = Float64Array.of(9, 7, 1, 5, 3, -9);
		expect(medianOfRange(values, 1, 4)).toBe(5);
		expect([values[0], values[4], values[5]]).toEqual([9, 3, -9]);
		expect([...values.subarray(1, 4)].sort((a, b) => a - b)).toEqual([1, 5, 7]);
		expect(medianOfRange(new Float64Array(2), 1, 1)).toBeNaN();
	});

	it('agrees with sorting on many random groups, with and without repeated values', () => {
		const random = seededRandom(11);
		for (let run = 0; run < 400; run++) {
			const n = 1 + Math.floor(random() * 70);
			const repeated = run % 2 === 0;
			const values = Float64Array.from({ length: n }, () =>
				repeated ? Math.floor(random() * 4) * 0.25 : random() * 5000
			);
			const sorted = values.slice().sort();
			expect(medianOfRange(values, 0, n)).toBe(quantileOfRange(sorted, 0, n, 0.5));
			expect(values.slice().sort()).toEqual(sorted);
		}
	});
});

describe('distribution', () => {
	it('gives the median and interquartile range', () => {
		// sorted 10 20 30 40 50: median at 2 → 30, Q1 at 1 → 20, Q3 at 3 → 40, IQR 20
		expect(distribution([50, 10, 40, 20, 30])).toEqual({ count: 5, median: 30, spread: 20 });
	});

	it('leaves the values it is given alone', () => {
		const values = [3, 1, 2];
		distribution(values);
		expect(values).toEqual([3, 1, 2]);
	});

	it('has no spread for one person', () => {
		expect(distribution([7])).toEqual({ count: 1, median: 7, spread: 0 });
	});
});

describe('medianOf', () => {
	it('averages the two middle values of an even count', () => {
		// sorted 10 20 60 90 → (20 + 60) / 2
		expect(medianOf([90, 10, 20, 60])).toBe(40);
	});
});

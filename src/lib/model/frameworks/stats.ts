/**
 * Order statistics for the many small groups of a workshop (one per idea and field, idea and
 * function, …): a full recompute sorts about twenty thousand of them. So that it allocates nothing
 * per group, values are copied into one reusable buffer and sorted there by range, with insertion
 * sort, which beats the engine's sort at workshop sizes (tens of people).
 */

let buffer = new Float64Array(256);

/**
 * A buffer of at least `size` numbers, shared by every caller. Its contents last until the next
 * call: fill it, sort it and read it without calling anything else that uses it. Safe because
 * JavaScript runs this synchronous code to completion.
 */
export function scratch(size: number): Float64Array {
	if (buffer.length < size) buffer = new Float64Array(Math.max(size, buffer.length * 2));
	return buffer;
}

const SMALL = 64;

/** Sorts `values[from..to)` ascending, in place. */
export function sortRange(values: Float64Array, from: number, to: number): void {
	if (to - from > SMALL) {
		values.subarray(from, to).sort();
		return;
	}
	for (let i = from + 1; i < to; i++) {
		const value = values[i];
		let j = i - 1;
		while (j >= from && values[j] > value) {
			values[j + 1] = values[j];
			j--;
		}
		values[j + 1] = value;
	}
}

/**
 * The quantile of the sorted range `values[from..to)`, by the same rule as ../matrix.ts (R-7:
 * linear between the closest ranks). NaN for an empty range.
 */
export function quantileOfRange(values: Float64Array, from: number, to: number, p: number): number {
	if (to <= from) return NaN;
	const h = from + (to - from - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.ceil(h);
	return values[lo] + (values[hi] - values[lo]) * (h - lo);
}

/**
 * The median of `values[from..to)` by quantileOfRange's rule, found by selection instead of
 * sorting: a few dozen values take a linear number of steps on average where insertion sort takes
 * a quadratic one. The range is left reordered. NaN for an empty range.
 */
export function medianOfRange(values: Float64Array, from: number, to: number): number {
	if (to <= from) return NaN;
	const h = (to - from - 1) / 2;
	const lo = from + Math.floor(h);
	select(values, from, to - 1, lo);
	if (h === Math.floor(h)) return values[lo];
	// Selection leaves everything after `lo` no smaller, so the next rank is their least.
	let next = values[lo + 1];
	for (let i = lo + 2; i < to; i++) if (values[i] < next) next = values[i];
	return values[lo] + (next - values[lo]) * 0.5;
}

/**
 * Reorders `values[left..right]` so that `values[k]` holds the value of rank k, the ones before it
 * are no larger and the ones after no smaller (Hoare's selection, median-of-three pivots).
 */
function select(values: Float64Array, left: number, right: number, k: number): void {
	while (right - left > 8) {
		const mid = (left + right) >> 1;
		if (values[mid] < values[left]) swap(values, mid, left);
		if (values[right] < values[left]) swap(values, right, left);
		if (values[right] < values[mid]) swap(values, right, mid);
		const pivot = values[mid];
		let i = left;
		let j = right;
		while (i <= j) {
			while (values[i] < pivot) i++;
			while (values[j] > pivot) j--;
			if (i <= j) swap(values, i++, j--);
		}
		// Now [left, j] ≤ pivot, (j, i) = pivot and [i, right] ≥ pivot.
		if (k <= j) right = j;
		else if (k >= i) left = i;
		else return;
	}
	sortRange(values, left, right + 1);
}

function swap(values: Float64Array, a: number, b: number): void {
	const value = values[a];
	values[a] = values[b];
	values[b] = value;
}

let counts = new Int32Array(16);

/**
 * The quantile of `values[from..to)`, by the same rule as quantileOfRange, when every value is a
 * whole number from `min` to `max`: counted rather than sorted, which for a few dozen scores on a
 * scale of five or ten is several times faster. `values` is left as it is. NaN for an empty range.
 */
export function quantileOfIntegers(
	values: Float64Array,
	from: number,
	to: number,
	min: number,
	max: number,
	p: number
): number {
	if (to <= from) return NaN;
	const size = max - min + 1;
	if (counts.length < size) counts = new Int32Array(size);
	counts.fill(0, 0, size);
	for (let i = from; i < to; i++) counts[values[i] - min]++;
	// The values at ranks lo and hi (0-based) of the sorted range, as quantileOfRange reads them.
	const h = (to - from - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.ceil(h);
	let below = 0;
	let low = NaN;
	for (let k = 0; k < size; k++) {
		below += counts[k];
		if (Number.isNaN(low) && below > lo) low = min + k;
		if (below > hi) return low + (min + k - low) * (h - lo);
	}
	return NaN;
}

export interface Distribution {
	count: number;
	median: number;
	/** Interquartile range (Q3 − Q1): how far apart the middle half of the group is. */
	spread: number;
}

/** Median and interquartile range of the sorted range `values[from..to)`. */
export function distributionOfRange(values: Float64Array, from: number, to: number): Distribution {
	return {
		count: to - from,
		median: quantileOfRange(values, from, to, 0.5),
		spread: quantileOfRange(values, from, to, 0.75) - quantileOfRange(values, from, to, 0.25)
	};
}

/** Median and interquartile range; `values` is left as it is. */
export function distribution(values: ArrayLike<number>): Distribution {
	const n = values.length;
	const sorted = scratch(n);
	for (let i = 0; i < n; i++) sorted[i] = values[i];
	sortRange(sorted, 0, n);
	return distributionOfRange(sorted, 0, n);
}

/** The median; `values` is left as it is. */
export function medianOf(values: ArrayLike<number>): number {
	return distribution(values).median;
}

/**
 * The weighted median: in value order, the value at which the running total of weights reaches
 * half of all weight; where it reaches exactly half, the mean of that value and the next. With
 * equal weights this is the ordinary median (R-7's at p = ½). NaN for no values. `values` and
 * `weights` are left as they are.
 */
export function weightedMedian(values: ArrayLike<number>, weights: ArrayLike<number>): number {
	const n = values.length;
	if (n === 0) return NaN;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
	let total = 0;
	for (let i = 0; i < n; i++) total += weights[i];
	const half = total / 2;
	// Weights are fractions, so "exactly half" allows for rounding.
	const tolerance = total * 1e-12;
	let running = 0;
	for (let k = 0; k < n; k++) {
		running += weights[order[k]];
		if (Math.abs(running - half) <= tolerance && k + 1 < n) {
			return (values[order[k]] + values[order[k + 1]]) / 2;
		}
		if (running > half) return values[order[k]];
	}
	return values[order[n - 1]];
}

/** Nearest-rank percentile of sorted values (p in 0–100); NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Summary {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function summarize(values: number[]): Summary {
	const sorted = Float64Array.from(values).sort();
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.length > 0 ? sorted[sorted.length - 1] : NaN
	};
}

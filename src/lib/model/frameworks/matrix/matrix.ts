import type { Placement } from '../../board.ts';

/** Quantile by linear interpolation between closest ranks (R-7, as d3.quantile and Excel). */
export function quantile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.ceil(h);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

export function median(values: readonly number[]): number {
	return quantile(
		[...values].sort((a, b) => a - b),
		0.5
	);
}

/** Interquartile range: how far apart the middle half of the group is. 0 for one person. */
export function interquartileRange(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return quantile(sorted, 0.75) - quantile(sorted, 0.25);
}

export interface MatrixSummary {
	count: number;
	median: Placement;
	spread: Placement;
}

/** The group's point for one idea: per-axis medians, with per-axis IQRs as its spread. */
export function summarize(points: Iterable<Placement>): MatrixSummary | null {
	const list = [...points];
	if (list.length === 0) return null;
	const values = list.map((p) => p.value);
	const efforts = list.map((p) => p.effort);
	return {
		count: list.length,
		median: { value: median(values), effort: median(efforts) },
		spread: { value: interquartileRange(values), effort: interquartileRange(efforts) }
	};
}

export type Quadrant = 'Quick wins' | 'Big bets' | 'Fill-ins' | 'Money pits';

/** High value, low effort is a quick win; the midpoint (50) belongs to the higher half. */
export function quadrant(at: Placement): Quadrant {
	const valuable = at.value >= 50;
	const costly = at.effort >= 50;
	if (valuable) return costly ? 'Big bets' : 'Quick wins';
	return costly ? 'Money pits' : 'Fill-ins';
}

/** A row of the matrix's table: an idea's summary and its rank by median value. */
export interface MatrixRow extends MatrixSummary {
	ideaId: string;
	rank: number;
}

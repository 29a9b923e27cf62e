import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { SensitivityResult } from '$lib/model/sensitivity.ts';

/**
 * Data of the rank-range chart (the scorecard's stability): per idea, the best, typical (median)
 * and worst rank it took over the random weightings, next to its rank at the facilitator's
 * weights. Ranks run left to right, 1 (best) first, on an axis shared by every row.
 */

export interface RankRangeRow {
	ideaId: string;
	title: string;
	/** Rank at the facilitator's weights. */
	rank: number;
	min: number;
	median: number;
	max: number;
	firstShare: number;
	/** "#1 in 87 % of weightings". */
	text: string;
	/** Never moves in any weighting. */
	fixed: boolean;
}

/** The first `limit` ideas of the result (in rank order), with their titles. */
export function rankRangeRows(
	result: SensitivityResult,
	titles: ReadonlyMap<string, string>,
	limit = Infinity
): RankRangeRow[] {
	return result.ideas.slice(0, limit).map((idea) => ({
		ideaId: idea.ideaId,
		title: titles.get(idea.ideaId) ?? 'Untitled idea',
		rank: idea.rank,
		min: idea.ranks.min,
		median: idea.ranks.median,
		max: idea.ranks.max,
		firstShare: idea.firstShare,
		text: idea.text,
		fixed: idea.ranks.min === idea.ranks.max
	}));
}

/**
 * The shared rank axis: from 1 to the worst rank any shown row takes (at least 2, so a single
 * rank still has a length), across `width` px less `pad` at each end for the markers.
 */
export function rankScale(
	rows: readonly RankRangeRow[],
	width: number,
	pad = 10
): ScaleLinear<number, number> {
	const worst = Math.max(2, ...rows.map((row) => Math.max(row.max, row.rank)));
	return scaleLinear()
		.domain([1, worst])
		.range([pad, Math.max(pad + 1, width - pad)]);
}

/** Whole-number ticks of the axis, 1 and the worst rank always among them. */
export function rankTicks(scale: ScaleLinear<number, number>, count = 6): number[] {
	const [first, last] = scale.domain();
	const ticks = scale.ticks(count);
	// A tick closer than half a step to either end would crowd the end's label.
	const half = ticks.length > 1 ? (ticks[1] - ticks[0]) / 2 : 0;
	const inner = ticks.filter((t) => Number.isInteger(t) && t - first >= half && last - t >= half);
	return [first, ...inner, last];
}

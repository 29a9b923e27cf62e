import type { BallotOf } from '../ballot.ts';
import { summarizeEstimates, type EstimateRow, type EstimateShape } from '../estimates.ts';

/** Impact per person reached: massive 3, high 2, medium 1, low 0.5, minimal 0.25 (Intercom's scale). */
export const RICE_IMPACTS = [0.25, 0.5, 1, 2, 3] as const;
/** Confidence in percent: high 100, medium 80, low 50. */
export const RICE_CONFIDENCES = [50, 80, 100] as const;
/** Person-months; anything above is a typo, not an estimate. */
export const RICE_MAX_EFFORT = 1000;

export interface RiceEntry {
	/** People (or events) per period, 0 or more. */
	reach: number;
	impact: number;
	/** Percent. */
	confidence: number;
	/** Person-months, more than 0. */
	effort: number;
}

export type RiceRow = EstimateRow<RiceEntry>;

/** Reach × Impact × Confidence / Effort, with confidence as a fraction. */
export function riceScore({ reach, impact, confidence, effort }: RiceEntry): number {
	return (reach * impact * (confidence / 100)) / effort;
}

/** How RICE entries are read for the per-field medians. */
export const RICE: EstimateShape<RiceEntry> = {
	fields: 4,
	read: (entry, out, i, n) => {
		out[i] = entry.reach;
		out[n + i] = entry.impact;
		out[2 * n + i] = entry.confidence;
		out[3 * n + i] = entry.effort;
	},
	make: ([reach, impact, confidence, effort]) => ({ reach, impact, confidence, effort }),
	formula: riceScore
};

/**
 * One row per idea anyone estimated, ranked by the score of the per-field medians (median reach,
 * impact, confidence and effort; see summarizeEstimates for why), with the median of personal
 * scores beside it. A median impact or confidence can fall between the scale's values (1 and 2
 * give 1.5): that is the group's estimate, not an entry, so it is not snapped to the scale.
 */
export function summarizeRice(ballots: readonly BallotOf<RiceEntry>[]): RiceRow[] {
	return summarizeEstimates(ballots, RICE);
}

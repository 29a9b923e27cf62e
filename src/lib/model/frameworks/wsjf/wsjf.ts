import type { BallotOf } from '../ballot.ts';
import { summarizeEstimates, type EstimateRow, type EstimateShape } from '../estimates.ts';

/** The modified Fibonacci scale SAFe uses for every WSJF field. */
export const WSJF_SCALE = [1, 2, 3, 5, 8, 13, 20] as const;

export interface WsjfEntry {
	businessValue: number;
	timeCriticality: number;
	/** Risk reduction or opportunity enablement. */
	riskReduction: number;
	jobSize: number;
}

export type WsjfRow = EstimateRow<WsjfEntry>;

/** Cost of delay: business value + time criticality + risk reduction. */
export function costOfDelay({ businessValue, timeCriticality, riskReduction }: WsjfEntry): number {
	return businessValue + timeCriticality + riskReduction;
}

/** Weighted shortest job first: cost of delay / job size, from 3/20 = 0.15 to 60/1 = 60. */
export function wsjfScore(entry: WsjfEntry): number {
	return costOfDelay(entry) / entry.jobSize;
}

/** How WSJF entries are read for the per-field medians. */
export const WSJF: EstimateShape<WsjfEntry> = {
	fields: 4,
	// Whole numbers of the scale, counted over its whole span.
	wholeNumbers: { min: WSJF_SCALE[0], max: WSJF_SCALE[WSJF_SCALE.length - 1] },
	read: (entry, out, i, n) => {
		out[i] = entry.businessValue;
		out[n + i] = entry.timeCriticality;
		out[2 * n + i] = entry.riskReduction;
		out[3 * n + i] = entry.jobSize;
	},
	make: ([businessValue, timeCriticality, riskReduction, jobSize]) => ({
		businessValue,
		timeCriticality,
		riskReduction,
		jobSize
	}),
	formula: wsjfScore
};

/** One row per idea, ranked by WSJF of the per-field medians (see summarizeEstimates). */
export function summarizeWsjf(ballots: readonly BallotOf<WsjfEntry>[]): WsjfRow[] {
	return summarizeEstimates(ballots, WSJF);
}

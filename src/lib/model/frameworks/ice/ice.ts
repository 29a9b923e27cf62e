import type { BallotOf } from '../ballot.ts';
import { summarizeEstimates, type EstimateRow, type EstimateShape } from '../estimates.ts';

/** Each of impact, confidence and ease is an integer from 1 to 10. */
export const ICE_RANGE = { min: 1, max: 10 } as const;

export interface IceEntry {
	impact: number;
	confidence: number;
	ease: number;
}

export type IceRow = EstimateRow<IceEntry>;

/** Impact × Confidence × Ease, from 1 to 1000. */
export function iceScore({ impact, confidence, ease }: IceEntry): number {
	return impact * confidence * ease;
}

/** How ICE entries are read for the per-field medians. */
export const ICE: EstimateShape<IceEntry> = {
	fields: 3,
	wholeNumbers: ICE_RANGE,
	read: (entry, out, i, n) => {
		out[i] = entry.impact;
		out[n + i] = entry.confidence;
		out[2 * n + i] = entry.ease;
	},
	make: ([impact, confidence, ease]) => ({ impact, confidence, ease }),
	formula: iceScore
};

/** One row per idea, ranked by the product of the per-field medians; `spread` is the IQR of personal scores. */
export function summarizeIce(ballots: readonly BallotOf<IceEntry>[]): IceRow[] {
	return summarizeEstimates(ballots, ICE);
}

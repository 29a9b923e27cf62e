/**
 * The anti-HiPPO cap (issue 4): a workshop may let the Leadership function weigh at most a share
 * of each group result, so that a room with many leaders in it still hears everyone else.
 *
 * How it works, per group of people whose entries make one result (an idea's value on the
 * matrix, one RICE field, one scorecard criterion, a MoSCoW vote, one OKR link): when the
 * Leadership voters are more than `cap` of the group's people, each of them weighs
 * w = cap × others / ((1 − cap) × leaders) and everyone else 1, so that Leadership together weighs
 * exactly `cap` of the group; the group's median becomes the weighted median (stats.ts), MoSCoW's
 * plurality and agreement count weights instead of people. When Leadership is within the cap, or
 * the group is Leadership only (there is nobody to give the weight to), everyone weighs 1 and the
 * result is the ordinary one. Counts, spreads (IQR), each function's own median and divergence
 * stay unweighted: they describe who said what, not the group's answer. Dots and buy-a-feature
 * are not capped: everyone has the same allowance, and a dot or a pledge is spent, not weighed.
 */
import { weightedMedian } from './stats.ts';

/** The function whose weight can be capped. */
export const LEADERSHIP = 'Leadership';

/** Who in a group is Leadership, and the cap: what the aggregations need to weigh a group. */
export interface Weighting {
	isLeader: readonly boolean[];
	cap: number;
}

/** The weighting of a group of voters under `cap`; undefined without a cap. */
export function weightingOf(
	voters: readonly { function: string }[],
	cap: number | undefined
): Weighting | undefined {
	return cap === undefined
		? undefined
		: { isLeader: voters.map((voter) => voter.function === LEADERSHIP), cap };
}

/** The cap offered when the facilitator turns it on: a quarter of each result. */
export const DEFAULT_LEADERSHIP_CAP = 0.25;

/**
 * Each person's weight in a group (`isLeader[i]` for person i), or null when everyone weighs 1:
 * no cap, Leadership within it, or a group of Leadership only.
 */
export function capWeights(isLeader: readonly boolean[], cap: number | undefined): number[] | null {
	if (cap === undefined) return null;
	let leaders = 0;
	for (const leader of isLeader) if (leader) leaders++;
	const others = isLeader.length - leaders;
	if (leaders === 0 || others === 0 || leaders <= cap * isLeader.length) return null;
	const weight = (cap * others) / ((1 - cap) * leaders);
	return isLeader.map((leader) => (leader ? weight : 1));
}

/**
 * The group's median with Leadership capped, or `plain` (the ordinary median, computed by the
 * caller its own way) when everyone weighs 1.
 */
export function cappedMedian(
	values: ArrayLike<number>,
	isLeader: readonly boolean[],
	cap: number | undefined,
	plain: () => number
): number {
	const weights = capWeights(isLeader, cap);
	return weights ? weightedMedian(values, weights) : plain();
}

import { votesByIdea, type BallotOf } from './ballot.ts';
import { rankBy } from './ranking.ts';
import {
	distributionOfRange,
	medianOfRange,
	quantileOfIntegers,
	scratch,
	sortRange,
	weightedMedian
} from './stats.ts';

/**
 * An estimate framework made of numeric fields (RICE, ICE, WSJF). Each framework spells out how to
 * read its fields and build an estimate from values, rather than going through field names held in
 * variables: these run for every entry on every recompute, and reading a named property is several
 * times faster than reading one by a variable key.
 */
export interface EstimateShape<T> {
	/** Field count; `read` and `make` use this order. */
	fields: number;
	/** Writes the entry's field k to `out[k * stride + i]`. */
	read: (entry: T, out: Float64Array, i: number, stride: number) => void;
	/** An estimate from its field values, in `read`'s order. */
	make: (values: readonly number[]) => T;
	formula: (estimate: T) => number;
	/** When every field of a valid entry is a whole number in this range: medians are counted. */
	wholeNumbers?: { min: number; max: number };
}

export interface EstimateRow<T> {
	ideaId: string;
	rank: number;
	/** How many people estimated the idea. */
	count: number;
	/** The median of each field across people (may fall between the values of a scale). */
	median: T;
	/** The framework's formula applied to the medians: the group score the idea is ranked by. */
	score: number;
	/** The median of everyone's own score, shown beside the group score. */
	medianOfScores: number;
	/** Interquartile range of everyone's own score. */
	spread: number;
}

/** The median (weighted, under a Leadership cap) and interquartile range of people's own scores. */
export interface ScoresSummary {
	median: number;
	spread: number;
}

/** One idea's row, with rank 0 until ranked; see summarizeEstimates. */
function estimateRow<T>(
	ideaId: string,
	entries: readonly T[],
	shape: EstimateShape<T>
): EstimateRow<T> {
	const n = entries.length;
	// Field k at [k·n, (k + 1)·n); not in scratch, which summarizeScores uses.
	const values = new Float64Array(shape.fields * n);
	for (let i = 0; i < n; i++) shape.read(entries[i], values, i, n);
	return estimateRowOf(ideaId, values, n, shape, null, summarizeScores(entries, shape));
}

/**
 * One idea's row from its entries' fields already read: field k of entry i at `values[k·n + i]`,
 * reordered in place. With `weights` (./leadership.ts) the field medians are weighted. `scores`
 * summarizes everyone's own score, weighted the same way: the aggregator has it from consensus.
 */
export function estimateRowOf<T>(
	ideaId: string,
	values: Float64Array,
	n: number,
	shape: EstimateShape<T>,
	weights: number[] | null,
	scores: ScoresSummary
): EstimateRow<T> {
	const medians: number[] = [];
	const whole = shape.wholeNumbers;
	for (let k = 0; k < shape.fields; k++) {
		const from = k * n;
		const to = from + n;
		if (weights) medians.push(weightedMedian(values.slice(from, to), weights));
		else if (whole) medians.push(quantileOfIntegers(values, from, to, whole.min, whole.max, 0.5));
		else medians.push(medianOfRange(values, from, to));
	}
	const median = shape.make(medians);
	const { median: medianOfScores, spread } = scores;
	return {
		ideaId,
		rank: 0,
		count: n,
		median,
		score: shape.formula(median),
		medianOfScores,
		spread
	};
}

function summarizeScores<T>(entries: readonly T[], shape: EstimateShape<T>): ScoresSummary {
	const n = entries.length;
	const values = scratch(n);
	for (let i = 0; i < n; i++) values[i] = shape.formula(entries[i]);
	sortRange(values, 0, n);
	const { median, spread } = distributionOfRange(values, 0, n);
	return { median, spread };
}

/** Ranks rows by their group score (competition ranking), in place. */
export function rankEstimates<T>(rows: EstimateRow<T>[]): EstimateRow<T>[] {
	return rankBy(rows, (row) => row.score);
}

/**
 * Groups estimates by applying the formula to the per-field medians. The alternative, the median
 * of personal scores, lets whoever happens to be the middle score decide every field at once; the
 * per-field median is the group's typical reach, typical impact, … so each factor of the group score
 * can be explained and argued about on its own, and one person's wild reach moves no other field.
 * The median of personal scores is reported beside it, as is their spread. Ranked by the group
 * score.
 */
export function summarizeEstimates<T>(
	ballots: readonly BallotOf<T>[],
	shape: EstimateShape<T>
): EstimateRow<T>[] {
	const rows: EstimateRow<T>[] = [];
	for (const [ideaId, { entries }] of votesByIdea(ballots)) {
		rows.push(estimateRow(ideaId, entries, shape));
	}
	return rankEstimates(rows);
}

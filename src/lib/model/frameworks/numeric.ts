/**
 * How the aggregator reads a framework that gives one number per person per idea (matrix, RICE,
 * ICE, WSJF, scorecard) into columns of numbers, and what it keeps of their results between
 * updates. Each such framework's own spec sits in its folder (`<framework>/numeric.ts`).
 */
import type { IdeaConsensus, Scale } from './consensus.ts';
import { estimateRowOf, rankEstimates, type EstimateRow, type EstimateShape } from './estimates.ts';
import type { NumericAggregate } from './aggregates.ts';
import { capWeights, type Weighting } from './leadership.ts';
import { Invalid, type EntryCheck } from './check.ts';

/**
 * How a framework that gives one number per person per idea reads and summarizes its entries. An
 * entry's numbers are read once, when it is checked: summarizing goes idea by idea, an order in
 * which the entry objects lie scattered in memory, while the numbers lie side by side.
 */
export interface NumericFramework<T, Row> {
	/** How many numbers an entry has besides its personal one. */
	fields: number;
	/**
	 * Checks a raw entry (validateBallot's rules) and, when it is valid, writes its personal number
	 * at `out[at]` (NaN for none: the person is left out of consensus) and its fields after it,
	 * field k at `out[at + 1 + k]`. What it writes for an invalid entry means nothing.
	 */
	read: (raw: unknown, out: Float64Array, at: number) => T | Invalid;
	/**
	 * One idea's row of the framework's table, before ranking, from its `n` entries' fields:
	 * field k of entry e at `values[k·n + e]`, which it may reorder. `consensus` summarizes the same
	 * people's personal numbers.
	 */
	row: (
		ideaId: string,
		values: Float64Array,
		n: number,
		weighting?: Weighting,
		consensus?: IdeaConsensus
	) => Row;
	/** Ranks the rows in place. */
	rank: (rows: Row[]) => Row[];
	/** The group score the framework ranks by. */
	score: (row: Row) => number | null;
}

/** A framework's `read` from its entry check and what writes a valid entry's numbers. */
export function checkThenWrite<T>(
	check: EntryCheck<T>,
	write: (entry: T, out: Float64Array, at: number) => void
): NumericFramework<T, unknown>['read'] {
	return (raw, out, at) => {
		const checked = check(raw);
		if (!(checked instanceof Invalid)) write(checked, out, at);
		return checked;
	};
}

/**
 * An estimate framework (RICE, ICE, WSJF). Each person's number is their own score, never missing
 * (every valid estimate has one), so consensus has summarized the scores the row reports already.
 */
export function estimateFramework<T>(
	shape: EstimateShape<T>,
	check: EntryCheck<T>,
	writeScore: (entry: T, out: Float64Array, at: number) => void
): NumericFramework<T, EstimateRow<T>> {
	return {
		fields: shape.fields,
		read: checkThenWrite(check, (entry, out, at) => {
			writeScore(entry, out, at);
			shape.read(entry, out, at + 1, 1);
		}),
		row: (ideaId, values, n, weighting, consensus) =>
			estimateRowOf(
				ideaId,
				values,
				n,
				shape,
				weighting ? capWeights(weighting.isLeader, weighting.cap) : null,
				consensus!
			),
		rank: rankEstimates,
		score: (row) => row.score
	};
}

/** A numeric framework's results per idea, kept between updates. */
export class NumericCache<Row extends { ideaId: string; rank: number | null }> {
	readonly rows: (Row | undefined)[];
	readonly consensus: (IdeaConsensus | undefined)[];
	/** Per idea: the smallest and largest personal number (±Infinity when there is none). */
	readonly min: Float64Array;
	readonly max: Float64Array;
	scale: Scale | undefined;
	/** Per idea: the ranked row last returned, and the unranked row it was made from. */
	readonly ranked: (Row | undefined)[];
	readonly rankedFrom: (Row | undefined)[];
	result: NumericAggregate<Row> | null = null;

	constructor(ideas: number) {
		this.rows = new Array(ideas);
		this.ranked = new Array(ideas);
		this.rankedFrom = new Array(ideas);
		this.consensus = new Array(ideas);
		this.min = new Float64Array(ideas).fill(Infinity);
		this.max = new Float64Array(ideas).fill(-Infinity);
	}
}

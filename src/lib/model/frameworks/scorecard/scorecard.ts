import { votesByIdea, type BallotOf } from '../ballot.ts';
import { cappedMedian, type Weighting } from '../leadership.ts';
import { rankBy } from '../ranking.ts';
import { quantileOfIntegers } from '../stats.ts';

/** Participants score each criterion with an integer from 1 (poor) to 5 (excellent). */
export const SCORECARD_RANGE = { min: 1, max: 5 } as const;

export type Direction = 'benefit' | 'cost';

export interface Criterion {
	id: string;
	name: string;
	/** Relative importance, 0 or more; only ratios between weights matter. */
	weight: number;
	/** A cost criterion (say, dependencies) counts against an idea: a high score is bad. */
	direction: Direction;
	/**
	 * `demand`: nobody scores it; each idea's value is its customer demand from the product backlog
	 * (demand.ts), the same for everyone.
	 */
	source?: 'demand';
	/**
	 * The given value of each idea for a criterion nobody scores (a `demand` one), on the 1–5 scale;
	 * filled by the tally derivation from the board, never stored in the control document. An idea
	 * without one is left out of the criterion, as if nobody had scored it.
	 */
	given?: Readonly<Record<string, number>>;
}

/** Suggested criteria for a new scorecard; weights add up to 100 so they read as percentages. */
export const DEFAULT_CRITERIA: readonly Criterion[] = [
	{ id: 'strategic-alignment', name: 'Strategic alignment', weight: 20, direction: 'benefit' },
	{ id: 'market-demand', name: 'Market demand', weight: 15, direction: 'benefit' },
	{ id: 'business-impact', name: 'Business impact', weight: 20, direction: 'benefit' },
	{ id: 'technical-feasibility', name: 'Technical feasibility', weight: 15, direction: 'benefit' },
	{ id: 'time-sensitivity', name: 'Time sensitivity', weight: 10, direction: 'benefit' },
	{ id: 'dependencies', name: 'Dependencies', weight: 10, direction: 'cost' },
	{ id: 'user-feedback', name: 'User feedback', weight: 10, direction: 'benefit' }
];

/** One person's scores for one idea, by criterion id; criteria they skipped are absent. */
export type ScorecardEntry = Readonly<Record<string, number>>;

/**
 * What a score adds on the 1–5 benefit scale: a cost criterion is flipped (6 − score), so a 5 on
 * dependencies contributes what a 1 on a benefit does.
 */
export function contribution(score: number, direction: Direction): number {
	return direction === 'cost' ? SCORECARD_RANGE.min + SCORECARD_RANGE.max - score : score;
}

/**
 * A person's composite: Σ weight × contribution / Σ weight over the criteria they scored, so it
 * stays on the 1–5 scale and a skipped criterion neither helps nor hurts. Null when those criteria
 * weigh nothing in total. Returns a function so the criteria are prepared once for many entries.
 */
export function composer(criteria: readonly Criterion[]): (entry: ScorecardEntry) => number | null {
	const read = scoreReader(criteria);
	const scores = new Float64Array(criteria.length);
	return (entry) => {
		read(entry, scores, 0, 1);
		return compositeOf(scores, 0, 1, criteria);
	};
}

/** One person's composite (see composer) from their scores as scoreReader wrote them. */
export function compositeOf(
	scores: Float64Array,
	at: number,
	stride: number,
	criteria: readonly Criterion[]
): number | null {
	let total = 0;
	let weights = 0;
	for (let c = 0; c < criteria.length; c++) {
		const score = scores[at + c * stride];
		if (Number.isNaN(score)) continue;
		const { weight, direction } = criteria[c];
		total += weight * contribution(score, direction);
		weights += weight;
	}
	return weights > 0 ? total / weights : null;
}

/** One person's composite for one idea (see composer): the number consensus and ranking use. */
export function personalComposite(
	entry: ScorecardEntry,
	criteria: readonly Criterion[]
): number | null {
	return composer(criteria)(entry);
}

export interface CriterionContribution {
	criterionId: string;
	/** How many people scored this criterion for this idea. */
	count: number;
	/** Median score across them. */
	median: number;
	/** The median on the benefit scale (6 − median for a cost criterion). */
	contribution: number;
	/** This criterion's share of the composite: the segments of a stacked bar add up to it. */
	weighted: number;
}

export interface ScorecardRow {
	ideaId: string;
	/** Null for an idea whose scored criteria all weigh 0: it cannot be placed. */
	rank: number | null;
	/** How many people scored the idea. */
	count: number;
	composite: number | null;
	/** Scored criteria, in the order of the criteria list. */
	breakdown: CriterionContribution[];
}

/**
 * A row from each criterion's median: criterion c was scored by `counts[c]` people (0: by nobody)
 * with median `medians[c]`.
 */
function compose(
	ideaId: string,
	count: number,
	counts: ArrayLike<number>,
	medians: ArrayLike<number>,
	criteria: readonly Criterion[]
): ScorecardRow {
	let weights = 0;
	for (let c = 0; c < criteria.length; c++) if (counts[c] > 0) weights += criteria[c].weight;
	let total = 0;
	const breakdown: CriterionContribution[] = [];
	for (let c = 0; c < criteria.length; c++) {
		if (counts[c] === 0) continue;
		const { id, weight, direction } = criteria[c];
		const value = contribution(medians[c], direction);
		total += weight * value;
		breakdown.push({
			criterionId: id,
			count: counts[c],
			median: medians[c],
			contribution: value,
			weighted: weights > 0 ? (weight * value) / weights : 0
		});
	}
	return { ideaId, rank: null, count, composite: weights > 0 ? total / weights : null, breakdown };
}

/** Ranks rows by composite, in place; rows without one come last, unranked. */
export function rankScorecard(rows: readonly ScorecardRow[]): ScorecardRow[] {
	const scored = rows.filter((row) => row.composite !== null);
	const unscored = rows.filter((row) => row.composite === null);
	for (const row of unscored) row.rank = null;
	return [...rankBy(scored, (row) => row.composite ?? 0), ...unscored];
}

/** One idea's row, unranked; see summarizeScorecard. */
function scorecardRow(
	ideaId: string,
	entries: readonly ScorecardEntry[],
	criteria: readonly Criterion[]
): ScorecardRow {
	const n = entries.length;
	const values = new Float64Array(criteria.length * n);
	const read = scoreReader(criteria);
	for (let e = 0; e < n; e++) read(entries[e], values, e, n);
	return scorecardRowOf(ideaId, values, n, criteria);
}

/**
 * What reads an entry's score per criterion: criterion c's at `out[at + c·stride]`, NaN where it
 * was not scored. By criterion rather than by the entry's keys, so an entry's keys that are no
 * criterion are left out; only a number counts, so no inherited member ("toString") passes.
 */
function scoreReader(
	criteria: readonly Criterion[]
): (entry: ScorecardEntry, out: Float64Array, at: number, stride: number) => void {
	const ids = criteria.map((criterion) => criterion.id);
	return (entry, out, at, stride) => {
		for (let c = 0; c < ids.length; c++) {
			const score = entry[ids[c]];
			out[at + c * stride] = typeof score === 'number' ? score : NaN;
		}
	};
}

/**
 * scorecardRow from the scores already read: criterion c's score from entry e at
 * `values[c·n + e]`, NaN where e did not score c. `values` is reordered in place.
 */
export function scorecardRowOf(
	ideaId: string,
	values: Float64Array,
	n: number,
	criteria: readonly Criterion[],
	weighting?: Weighting
): ScorecardRow {
	// Criterion c's scores moved together at [c·n, c·n + counts[c]).
	if (counts.length < criteria.length) {
		counts = new Int32Array(criteria.length);
		medians = new Float64Array(criteria.length);
	}
	counts.fill(0);
	// Who is Leadership among each criterion's scorers, in the order of their scores.
	const leaders = weighting ? criteria.map((): boolean[] => []) : null;
	for (let c = 0; c < criteria.length; c++) {
		for (let e = 0; e < n; e++) {
			const score = values[c * n + e];
			if (Number.isNaN(score)) continue;
			values[c * n + counts[c]++] = score;
			leaders?.[c].push(weighting!.isLeader[e]);
		}
	}
	for (let c = 0; c < criteria.length; c++) {
		const given = criteria[c].given;
		if (given) {
			// Everyone who scored the idea sees the same given value, so it counts for all of them.
			const value = Object.hasOwn(given, ideaId) ? given[ideaId] : undefined;
			counts[c] = value === undefined ? 0 : n;
			if (value !== undefined) medians[c] = value;
			continue;
		}
		if (counts[c] === 0) continue;
		const from = c * n;
		const to = from + counts[c];
		// Scores are validated whole numbers on the scorecard's scale.
		medians[c] = weighting
			? weightedOrPlain(values, from, to, leaders![c], weighting.cap)
			: quantileOfIntegers(values, from, to, SCORECARD_RANGE.min, SCORECARD_RANGE.max, 0.5);
	}
	return compose(ideaId, n, counts, medians, criteria);
}

/**
 * Per criterion, how many scored it and their median, for scorecardRowOf: shared by every row, as
 * compose copies what it keeps.
 */
let counts = new Int32Array(16);
let medians = new Float64Array(16);

function weightedOrPlain(
	values: Float64Array,
	from: number,
	to: number,
	isLeader: readonly boolean[],
	cap: number
): number {
	return cappedMedian(values.slice(from, to), isLeader, cap, () =>
		quantileOfIntegers(values, from, to, SCORECARD_RANGE.min, SCORECARD_RANGE.max, 0.5)
	);
}

/**
 * Per idea, the median score of each criterion (among those who scored it), the composite of the
 * medians and its breakdown per criterion, ranked by composite. Scores for criteria not in the list
 * are not counted.
 */
export function summarizeScorecard(
	ballots: readonly BallotOf<ScorecardEntry>[],
	criteria: readonly Criterion[]
): ScorecardRow[] {
	const rows: ScorecardRow[] = [];
	for (const [ideaId, { entries }] of votesByIdea(ballots)) {
		rows.push(scorecardRow(ideaId, entries, criteria));
	}
	return rankScorecard(rows);
}

/**
 * The same rows under new weights (or directions), without reading the ballots again: the medians do
 * not depend on weights, so a facilitator dragging a weight slider re-ranks at once.
 */
export function reweigh(
	rows: readonly ScorecardRow[],
	criteria: readonly Criterion[]
): ScorecardRow[] {
	return rankScorecard(
		rows.map((row) => {
			const parts = new Map(row.breakdown.map((part) => [part.criterionId, part]));
			const scored = criteria.map(({ id }) => parts.get(id));
			return compose(
				row.ideaId,
				row.count,
				scored.map((part) => part?.count ?? 0),
				scored.map((part) => part?.median ?? NaN),
				criteria
			);
		})
	);
}

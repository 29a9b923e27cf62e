import { mulberry32 } from './random.ts';
import {
	contribution,
	reweigh,
	type Criterion,
	type ScorecardRow
} from './frameworks/scorecard/scorecard.ts';

/**
 * How robust the weighted scorecard's ranking is to its weights: the weights are a facilitator's
 * judgement, so a ranking that flips when one of them moves by a few percent should not be read as
 * a decision. Each draw multiplies every weight by its own random factor in [1 − v, 1 + v] and
 * ranks the ideas again from the same per-criterion medians.
 *
 * A run of 1,000 draws over 300 ideas is 300,000 composites and 1,000 rankings, so the draw loop
 * allocates nothing: scores and weights live in typed arrays made once per run, and each draw's
 * ranks come from one native numeric sort of the scores plus a binary search per idea.
 */

export const DEFAULT_DRAWS = 1000;
export const DEFAULT_VARIATION = 0.2;
/** How far a single weight may move when looking for the change that swaps the top two. */
const SWAP_RANGE = 3;

/** Same as ranking.ts: scores this close are a tie, so rounding never decides a rank. */
const TIE_TOLERANCE = 1e-9;

export interface SensitivityInput {
	/** The scorecard's rows (summarizeScorecard, or the tally's scorecard aggregates). */
	rows: readonly ScorecardRow[];
	criteria: readonly Criterion[];
	/** Number of random weightings (DEFAULT_DRAWS). */
	draws?: number;
	/** Each weight varies by up to this share either way, 0 ≤ v < 1 (DEFAULT_VARIATION). */
	variation?: number;
	/** Seed of the PRNG, so a result can be reproduced (1). */
	seed?: number;
}

export interface IdeaStability {
	ideaId: string;
	/** Rank at the facilitator's weights. */
	rank: number;
	/** Share of the draws in which the idea ranked first (ties included), 0–1. */
	firstShare: number;
	/** The idea's ranks over the draws. */
	ranks: { min: number; median: number; max: number };
	/** "#1 in 87 % of weightings". */
	text: string;
}

export interface WeightChange {
	criterionId: string;
	name: string;
	/** The weight now. */
	from: number;
	/** The weight at which the top two tie; past it (away from `from`) they swap. */
	to: number;
}

export interface TopSwap {
	first: string;
	second: string;
	/** Already tied at the facilitator's weights: any nudge in the right direction swaps them. */
	tied: boolean;
	/** The smallest relative change of one weight that swaps them; null if none in range. */
	change: WeightChange | null;
	text: string;
}

export interface SensitivityResult {
	draws: number;
	variation: number;
	seed: number;
	/** Ranked ideas, in the order of their rank at the facilitator's weights. */
	ideas: IdeaStability[];
	/** Ideas none of whose scored criteria has weight, which no weighting can rank. */
	unranked: string[];
	/** Null with fewer than two ranked ideas. */
	topSwap: TopSwap | null;
}

/** Index of the first value of the ascending `sorted[0..n)` greater than `x`. */
function upperBound(sorted: Float64Array, n: number, x: number): number {
	let lo = 0;
	let hi = n;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] > x) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

/** The `p`-th smallest rank (0-based) from counts of ranks 1..n. */
function nthRank(counts: Uint32Array, from: number, n: number, p: number): number {
	let seen = 0;
	for (let r = 0; r < n; r++) {
		seen += counts[from + r];
		if (seen > p) return r + 1;
	}
	return n;
}

function shareText(share: number): string {
	if (share >= 1) return '#1 in every weighting';
	if (share <= 0) return '#1 in no weighting';
	// 99.6 % is not every weighting, nor 0.4 % none.
	const percent = Math.min(99, Math.max(1, Math.round(share * 100)));
	return `#1 in ${percent} % of weightings`;
}

/**
 * Rows as reweigh reads them. Rows may come from the tally document, where an anonymous
 * workshop's small groups are `{ ideaId, count, hidden }` without a breakdown: those have nothing
 * to weigh.
 */
function clean(rows: readonly ScorecardRow[]): ScorecardRow[] {
	return rows.map((row) => ({
		ideaId: row.ideaId,
		rank: null,
		count: typeof row.count === 'number' ? row.count : 0,
		composite: null,
		breakdown: (Array.isArray(row.breakdown) ? row.breakdown : []).filter(
			(part) =>
				typeof part?.criterionId === 'string' &&
				typeof part.median === 'number' &&
				Number.isFinite(part.median)
		)
	}));
}

/**
 * The ideas' per-criterion contributions and which criteria they scored, as n × m matrices. Reads
 * each row's medians through `contribution`, so the criteria's current directions apply.
 */
function matrices(rows: readonly ScorecardRow[], criteria: readonly Criterion[]) {
	const m = criteria.length;
	const index = new Map(criteria.map((criterion, c) => [criterion.id, c]));
	const values = new Float64Array(rows.length * m);
	const scored = new Float64Array(rows.length * m);
	rows.forEach((row, i) => {
		for (const part of row.breakdown) {
			const c = index.get(part.criterionId);
			if (c === undefined) continue;
			values[i * m + c] = contribution(part.median, criteria[c].direction);
			scored[i * m + c] = 1;
		}
	});
	return { values, scored };
}

/**
 * The weight of criterion `k` at which ideas `a` and `b` tie with the other weights as they are,
 * nearest to the current weight, strictly inside (0, SWAP_RANGE × weight); null if none. With
 * w_k = x an idea's composite is (N + x·s·v) / (D + x·s), N and D the sums over the other criteria,
 * v its contribution on k and s whether it scored k. Equal composites cross-multiply to
 * α x² + β x + γ = 0; only a simple root is a crossing, so a double root is no swap.
 */
function tieWeight(
	a: number,
	b: number,
	k: number,
	weights: readonly number[],
	values: Float64Array,
	scored: Float64Array
): number | null {
	const m = weights.length;
	let na = 0;
	let da = 0;
	let nb = 0;
	let db = 0;
	for (let c = 0; c < m; c++) {
		if (c === k) continue;
		na += weights[c] * values[a * m + c];
		da += weights[c] * scored[a * m + c];
		nb += weights[c] * values[b * m + c];
		db += weights[c] * scored[b * m + c];
	}
	const sa = scored[a * m + k];
	const sb = scored[b * m + k];
	const va = values[a * m + k];
	const vb = values[b * m + k];
	const alpha = va * sb - vb * sa;
	const beta = na * sb + va * db - nb * sa - vb * da;
	const gamma = na * db - nb * da;
	let roots: number[];
	if (alpha === 0) {
		roots = beta === 0 ? [] : [-gamma / beta];
	} else {
		const discriminant = beta * beta - 4 * alpha * gamma;
		if (discriminant <= 0) return null;
		// The stable form: no cancellation when α is small next to β.
		const q = -0.5 * (beta + Math.sign(beta || 1) * Math.sqrt(discriminant));
		roots = [q / alpha, gamma / q];
	}
	const current = weights[k];
	let best: number | null = null;
	for (const x of roots) {
		if (!(x > 0 && x < SWAP_RANGE * current)) continue;
		if (da + x * sa <= 0 || db + x * sb <= 0) continue;
		if (best === null || Math.abs(x - current) < Math.abs(best - current)) best = x;
	}
	return best;
}

function topSwap(
	first: ScorecardRow,
	second: ScorecardRow,
	a: number,
	b: number,
	criteria: readonly Criterion[],
	values: Float64Array,
	scored: Float64Array
): TopSwap {
	const pair = { first: first.ideaId, second: second.ideaId };
	if (first.rank === second.rank) {
		return { ...pair, tied: true, change: null, text: 'The top two are tied at these weights' };
	}
	const weights = criteria.map((criterion) => criterion.weight);
	let change: WeightChange | null = null;
	let smallest = Infinity;
	for (const [k, criterion] of criteria.entries()) {
		const to = tieWeight(a, b, k, weights, values, scored);
		if (to === null) continue;
		const relative = Math.abs(to - criterion.weight) / criterion.weight;
		if (relative < smallest) {
			smallest = relative;
			change = { criterionId: criterion.id, name: criterion.name, from: criterion.weight, to };
		}
	}
	if (change === null) {
		return {
			...pair,
			tied: false,
			change,
			text: `No single weight change within [0, ${SWAP_RANGE}×] swaps them`
		};
	}
	const { name, from, to } = change;
	const verb = to > from ? 'Raising' : 'Lowering';
	const past = to > from ? 'above' : 'below';
	return {
		...pair,
		tied: false,
		change,
		text: `${verb} the weight of ${name} from ${round(from)} to ${past} ${round(to)} swaps them`
	};
}

function round(n: number): string {
	return String(Number(n.toPrecision(3)));
}

/**
 * Ranks the scorecard's ideas under `draws` random weightings and reports, per idea, how often it
 * came first and the range of its ranks; plus the single weight change that would swap the top
 * two. The base ranking and composites are scorecard.ts's (`reweigh`); the draws repeat its
 * composite, Σ weight × contribution / Σ weight over the criteria the idea was scored on, inline
 * over typed arrays. A weight of 0 stays 0 in every draw: the facilitator switched it off.
 */
export function sensitivity(input: SensitivityInput): SensitivityResult {
	const { criteria, draws = DEFAULT_DRAWS, variation = DEFAULT_VARIATION, seed = 1 } = input;
	if (!Number.isInteger(draws) || draws < 1)
		throw new RangeError('draws must be a whole number ≥ 1');
	if (!(variation >= 0 && variation < 1)) throw new RangeError('variation must be in [0, 1)');

	const base = reweigh(clean(input.rows), criteria);
	const rows = base.filter((row) => row.composite !== null);
	const unranked = base.filter((row) => row.composite === null).map((row) => row.ideaId);
	const n = rows.length;
	const m = criteria.length;
	const { values, scored } = matrices(rows, criteria);

	const weights = new Float64Array(m);
	const scores = new Float64Array(n);
	const sorted = new Float64Array(n);
	// rankCounts[i·n + r]: draws in which idea i had rank r + 1.
	const rankCounts = new Uint32Array(n * n);
	const random = mulberry32(seed);
	for (let d = 0; d < draws; d++) {
		for (let c = 0; c < m; c++) {
			weights[c] = criteria[c].weight * (1 - variation + 2 * variation * random());
		}
		for (let i = 0, at = 0; i < n; i++) {
			let total = 0;
			let weight = 0;
			for (let c = 0; c < m; c++, at++) {
				total += weights[c] * values[at];
				weight += weights[c] * scored[at];
			}
			scores[i] = total / weight;
		}
		sorted.set(scores);
		sorted.sort();
		for (let i = 0; i < n; i++) {
			const score = scores[i];
			// Competition rank: 1 + the number of ideas scoring clearly more.
			const above = n - upperBound(sorted, n, score + TIE_TOLERANCE * Math.max(1, Math.abs(score)));
			rankCounts[i * n + above]++;
		}
	}

	const low = Math.floor((draws - 1) / 2);
	const high = Math.ceil((draws - 1) / 2);
	const ideas = rows.map((row, i): IdeaStability => {
		const from = i * n;
		const firstShare = rankCounts[from] / draws;
		return {
			ideaId: row.ideaId,
			rank: row.rank ?? 0,
			firstShare,
			ranks: {
				min: nthRank(rankCounts, from, n, 0),
				median: (nthRank(rankCounts, from, n, low) + nthRank(rankCounts, from, n, high)) / 2,
				max: nthRank(rankCounts, from, n, draws - 1)
			},
			text: shareText(firstShare)
		};
	});
	return {
		draws,
		variation,
		seed,
		ideas,
		unranked,
		topSwap: n >= 2 ? topSwap(rows[0], rows[1], 0, 1, criteria, values, scored) : null
	};
}

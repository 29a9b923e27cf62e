import { FUNCTIONS, isFunction } from '../functions.ts';
import { byId, votesByIdea, type BallotOf, type Voter } from './ballot.ts';
import { cappedMedian } from './leadership.ts';
import { distributionOfRange, quantileOfRange, scratch, sortRange } from './stats.ts';

/** The range a framework's per-person number can take, used to put disagreement on a 0–1 scale. */
export interface Scale {
	min: number;
	max: number;
}

export interface FunctionMedian {
	function: string;
	count: number;
	median: number;
}

export interface IdeaConsensus {
	ideaId: string;
	count: number;
	median: number;
	/** Interquartile range across everyone who scored the idea. */
	spread: number;
	/** Functions that scored the idea, in the order of FUNCTIONS. */
	byFunction: FunctionMedian[];
	/** See `divergence`; null when fewer than two functions scored the idea. */
	divergence: number | null;
}

export interface Consensus {
	/** The scale divergence was measured against. */
	scale: Scale;
	/** Every idea somebody scored, by idea id. */
	ideas: IdeaConsensus[];
}

/**
 * The function a voter speaks for. Anything outside FUNCTIONS counts as Other, as it is drawn
 * in Other's colour: one column per colour keeps the heat map readable.
 */
export function functionOf(voter: Voter): string {
	return isFunction(voter.function) ? voter.function : 'Other';
}

/**
 * The smallest and largest number anyone gave, for frameworks without a fixed scale (RICE's reach
 * has no upper bound). {0, 0} when nobody voted.
 */
export function observedScale(ballots: readonly BallotOf<number>[]): Scale {
	let min = Infinity;
	let max = -Infinity;
	for (const { entries } of ballots) {
		for (const value of entries.values()) {
			if (value < min) min = value;
			if (value > max) max = value;
		}
	}
	return min <= max ? { min, max } : { min: 0, max: 0 };
}

/**
 * How far apart the functions are on one idea: the range of the function medians (highest minus
 * lowest) divided by the span of the scale, so 0 means every function's median agrees and 1 means
 * one function sits at the bottom of the scale and another at the top. Medians rather than means,
 * so one outlier in a function does not speak for it. Null for fewer than two functions, as there
 * is nobody to disagree with; 0 for a scale without span.
 */
export function divergence(functionMedians: readonly number[], scale: Scale): number | null {
	if (functionMedians.length < 2) return null;
	return shareOfScale(Math.min(...functionMedians), Math.max(...functionMedians), scale);
}

/** How much of the scale's span lies from `lowest` to `highest`; 0 for a scale without span. */
function shareOfScale(lowest: number, highest: number, scale: Scale): number {
	const span = scale.max - scale.min;
	return span <= 0 ? 0 : (highest - lowest) / span;
}

const functionIndex = new Map<string, number>(FUNCTIONS.map((name, i) => [name, i]));
const OTHER = FUNCTIONS.indexOf('Other');
/** How many function groups an idea's numbers fall into: one per entry of FUNCTIONS. */
export const FUNCTION_SLOTS = FUNCTIONS.length;

/** A voter's function group: the index of `functionOf(voter)` in FUNCTIONS. */
export function functionSlot(voter: Voter): number {
	return functionIndex.get(voter.function) ?? OTHER;
}

/**
 * Spread, function medians and divergence of one idea whose numbers come grouped by function:
 * function f's numbers are `values[starts[f]..starts[f + 1])`, and `starts[FUNCTION_SLOTS]` is how
 * many there are. `isLeader[k]` says whether `values[k]`'s voter is Leadership; it is only read
 * with a Leadership cap. Each function's range of `values` is sorted in place: the caller lends
 * the buffer for the call (stats.ts's scratch is used besides). With a cap (./leadership.ts), the
 * idea's median is the weighted one; the rest describes people as they are.
 */
export function groupedConsensus(
	ideaId: string,
	values: Float64Array,
	starts: Int32Array,
	isLeader: readonly boolean[],
	scale: Scale,
	leadershipCap?: number
): IdeaConsensus {
	const n = starts[FUNCTION_SLOTS];
	const sorted = scratch(n);
	for (let k = 0; k < n; k++) sorted[k] = values[k];
	sortRange(sorted, 0, n);
	const overall = distributionOfRange(sorted, 0, n);
	// Before the function ranges are sorted, while `values` and `isLeader` still line up.
	const median =
		leadershipCap === undefined
			? overall.median
			: cappedMedian(values.subarray(0, n), isLeader, leadershipCap, () => overall.median);

	const byFunction: FunctionMedian[] = [];
	let lowest = Infinity;
	let highest = -Infinity;
	for (let f = 0; f < FUNCTION_SLOTS; f++) {
		const from = starts[f];
		const to = starts[f + 1];
		if (from === to) continue;
		sortRange(values, from, to);
		const functionMedian = quantileOfRange(values, from, to, 0.5);
		byFunction.push({ function: FUNCTIONS[f], count: to - from, median: functionMedian });
		if (functionMedian < lowest) lowest = functionMedian;
		if (functionMedian > highest) highest = functionMedian;
	}
	return {
		ideaId,
		count: n,
		median,
		spread: overall.spread,
		byFunction,
		divergence: byFunction.length < 2 ? null : shareOfScale(lowest, highest, scale)
	};
}

/** Per function slot: where its numbers start in a grouped buffer, and the grouped buffer itself. */
let groupedValues = new Float64Array(64);
const groupStarts = new Int32Array(FUNCTION_SLOTS + 1);

/**
 * Spread, function medians and divergence of one idea; `values[i]` is `voters[i]`'s number. The
 * numbers are bucketed by function with a counting sort, then summarized by groupedConsensus.
 */
function ideaConsensus(
	ideaId: string,
	voters: readonly Voter[],
	values: ArrayLike<number>,
	scale: Scale
): IdeaConsensus {
	const n = values.length;
	if (groupedValues.length < n)
		groupedValues = new Float64Array(Math.max(n, 2 * groupedValues.length));
	const slots = voters.map(functionSlot);
	groupStarts.fill(0);
	for (const slot of slots) groupStarts[slot + 1]++;
	for (let f = 0; f < FUNCTION_SLOTS; f++) groupStarts[f + 1] += groupStarts[f];
	const next = groupStarts.slice(0, FUNCTION_SLOTS);
	for (let i = 0; i < n; i++) groupedValues[next[slots[i]]++] = values[i];
	// No Leadership cap here, so who is Leadership is never read.
	return groupedConsensus(ideaId, groupedValues, groupStarts, [], scale);
}

/**
 * Spread, per-function medians and divergence for every idea, from one number per person per idea
 * (matrix value, RICE score, ICE, WSJF, scorecard composite, …). Without a scale, the observed one
 * is used.
 */
export function summarizeConsensus(
	ballots: readonly BallotOf<number>[],
	scale: Scale = observedScale(ballots)
): Consensus {
	const ideas: IdeaConsensus[] = [];
	for (const [ideaId, { voters, entries }] of votesByIdea(ballots)) {
		ideas.push(ideaConsensus(ideaId, voters, entries, scale));
	}
	return { scale, ideas: ideas.sort((a, b) => byId(a.ideaId, b.ideaId)) };
}

/**
 * Ideas the functions disagree on, most divergent first; ties go to the wider spread across
 * people, then to idea id. Ideas where the functions agree exactly, or only one function voted,
 * are left out: there is nothing between functions to discuss.
 */
export function discussFirst(consensus: Consensus, limit = Infinity): IdeaConsensus[] {
	return consensus.ideas
		.filter((idea) => idea.divergence !== null && idea.divergence > 0)
		.sort(
			(a, b) =>
				(b.divergence ?? 0) - (a.divergence ?? 0) || b.spread - a.spread || byId(a.ideaId, b.ideaId)
		)
		.slice(0, limit);
}

export interface HeatMapCell {
	ideaId: string;
	function: string;
	median: number;
	count: number;
	/**
	 * (function median − idea median) / scale span, from −1 to 1: the sign says whether the function
	 * rates the idea above or below the room, so a diverging colour scale shows who disagrees.
	 */
	deviation: number;
}

export interface HeatMap {
	/** Row order: the order of the ideas given. */
	ideas: string[];
	/** Column order: the functions that voted on any of these ideas, in the order of FUNCTIONS. */
	functions: string[];
	/** One cell per function that scored the idea; a missing cell means nobody in it did. */
	cells: HeatMapCell[];
}

/** Data for the idea × function heat map, for the given ideas (e.g. `discussFirst(…)`) in that order. */
export function heatMap(ideas: readonly IdeaConsensus[], scale: Scale): HeatMap {
	const span = scale.max - scale.min;
	const functions = new Set<string>();
	const cells: HeatMapCell[] = [];
	for (const idea of ideas) {
		for (const { function: name, median, count } of idea.byFunction) {
			functions.add(name);
			const deviation = span > 0 ? (median - idea.median) / span : 0;
			cells.push({ ideaId: idea.ideaId, function: name, median, count, deviation });
		}
	}
	return {
		ideas: ideas.map((idea) => idea.ideaId),
		functions: FUNCTIONS.filter((name) => functions.has(name)),
		cells
	};
}

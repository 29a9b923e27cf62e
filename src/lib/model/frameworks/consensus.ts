import { FUNCTIONS, isFunction } from '../functions.ts';
import { byId, votesByIdea, type BallotOf, type Voter } from './ballot.ts';
import { cappedMedian, weightingOf } from './leadership.ts';
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
	const span = scale.max - scale.min;
	if (span <= 0) return 0;
	return (Math.max(...functionMedians) - Math.min(...functionMedians)) / span;
}

const functionIndex = new Map<string, number>(FUNCTIONS.map((name, i) => [name, i]));
const OTHER = FUNCTIONS.indexOf('Other');
const SLOTS = FUNCTIONS.length;

/**
 * Spread, function medians and divergence of one idea; `values[i]` is `voters[i]`'s number (not
 * held in stats.ts's scratch buffer, which this uses). Values are bucketed by function with a
 * counting sort, so each function's group is a slice of one array. With a Leadership cap
 * (./leadership.ts), the idea's median is the weighted one; the rest describes people as they are.
 */
export function ideaConsensus(
	ideaId: string,
	voters: readonly Voter[],
	values: ArrayLike<number>,
	scale: Scale,
	leadershipCap?: number
): IdeaConsensus {
	const n = values.length;
	// Function slot of each voter, then counts turned into the start of each function's range.
	const slots = new Uint8Array(n);
	const starts = new Int32Array(SLOTS + 1);
	for (let i = 0; i < n; i++) {
		const slot = functionIndex.get(voters[i].function) ?? OTHER;
		slots[i] = slot;
		starts[slot + 1]++;
	}
	for (let f = 0; f < SLOTS; f++) starts[f + 1] += starts[f];
	// [0, n): values grouped by function; [n, 2n): all values, for the overall median.
	const sorted = scratch(2 * n);
	const next = starts.slice(0, SLOTS);
	for (let i = 0; i < n; i++) {
		sorted[next[slots[i]]++] = values[i];
		sorted[n + i] = values[i];
	}

	const byFunction: FunctionMedian[] = [];
	const medians: number[] = [];
	for (let f = 0; f < SLOTS; f++) {
		const from = starts[f];
		const to = starts[f + 1];
		if (from === to) continue;
		sortRange(sorted, from, to);
		const median = quantileOfRange(sorted, from, to, 0.5);
		byFunction.push({ function: FUNCTIONS[f], count: to - from, median });
		medians.push(median);
	}
	sortRange(sorted, n, 2 * n);
	const overall = distributionOfRange(sorted, n, 2 * n);
	const weighting = weightingOf(voters, leadershipCap);
	return {
		ideaId,
		count: n,
		median: weighting
			? cappedMedian(values, weighting.isLeader, weighting.cap, () => overall.median)
			: overall.median,
		spread: overall.spread,
		byFunction,
		divergence: divergence(medians, scale)
	};
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

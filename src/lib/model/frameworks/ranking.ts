import type { BallotOf } from './ballot.ts';
import { byId } from './ballot.ts';
import {
	summarizeConsensus,
	type Consensus,
	type FunctionMedian,
	type IdeaConsensus,
	type Scale
} from './consensus.ts';

/**
 * Scores this close (relative to their size) are the same score: a RICE score computed two ways
 * can differ in the last bit, and a tie must not depend on that.
 */
const TIE_TOLERANCE = 1e-9;

function same(a: number, b: number): boolean {
	return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Sorts rows by score, highest first, and sets their competition ranks ("1, 1, 3"): equal scores
 * share a rank and the next rank skips. Equal scores are listed by idea id so every replica shows
 * one order. Works in place and returns `rows`, as it is meant for rows just built to be ranked.
 */
export function rankBy<T extends { ideaId: string; rank: number | null }>(
	rows: T[],
	scoreOf: (row: T) => number
): T[] {
	// Each score computed once, rows sorted through their index.
	const scores = rows.map(scoreOf);
	const order = rows.map((_, i) => i);
	// The comparator passes no score to another function and answers ±1, not the difference of
	// scores: a fraction passed or returned is boxed on the heap, once per comparison.
	order.sort((a, b) => {
		const x = scores[a];
		const y = scores[b];
		if (Math.abs(x - y) <= TIE_TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y))) {
			return byId(rows[a].ideaId, rows[b].ideaId);
		}
		return y > x ? 1 : -1;
	});
	const sorted = order.map((i) => rows[i]);
	order.forEach((from, i) => {
		rows[i] = sorted[i];
		rows[i].rank = i > 0 && same(scores[from], scores[order[i - 1]]) ? rows[i - 1].rank : i + 1;
	});
	return rows;
}

/**
 * A function pulls an idea up (or down) when its median sits at least this share of the scale's
 * span above (or below) the median of everyone: 0.1 is 10 points on the 0–100 matrix, 0.4 on the
 * 1–5 scorecard. Small enough to notice a function leaning, large enough to ignore rounding noise.
 */
const NOTABLE_SHARE = 0.1;

export interface RankingRow {
	ideaId: string;
	rank: number;
	score: number;
	voters: number;
	spread: number;
	/** Functions whose median is notably above everyone's, furthest first. */
	pulledUpBy: string[];
	/** Functions whose median is notably below everyone's, furthest first. */
	pulledDownBy: string[];
}

export interface RankingOptions {
	/**
	 * The framework's own group score per idea when it is not the median of personal numbers (RICE,
	 * ICE and WSJF score the medians of their fields); ideas missing here fall back to the median.
	 */
	scores?: ReadonlyMap<string, number>;
	/** See NOTABLE_SHARE. */
	notable?: number;
}

/**
 * The functions of `medians`, furthest from `median` first (in their given order where equally
 * far); sorts `medians` in place. By insertion: an idea has a handful at most, and
 * Array.prototype.sort, with a comparator made per idea, allocated more on a full recompute than
 * the ranking rows themselves.
 */
function furthestFirst(medians: FunctionMedian[], median: number): string[] {
	for (let i = 1; i < medians.length; i++) {
		const m = medians[i];
		const distance = Math.abs(m.median - median);
		let at = i;
		while (at > 0 && Math.abs(medians[at - 1].median - median) < distance) {
			medians[at] = medians[at - 1];
			at--;
		}
		medians[at] = m;
	}
	return medians.map((m) => m.function);
}

/** The functions that pull one idea up or down: its ranking row's `pulledUpBy` and `pulledDownBy`. */
export function pullsOf(
	idea: IdeaConsensus,
	scale: Scale,
	notable = NOTABLE_SHARE
): Pick<RankingRow, 'pulledUpBy' | 'pulledDownBy'> {
	const span = scale.max - scale.min;
	const threshold = notable * span;
	const up: FunctionMedian[] = [];
	const down: FunctionMedian[] = [];
	for (const m of idea.byFunction) {
		const by = m.median - idea.median;
		if (span <= 0 || by === 0 || Math.abs(by) < threshold) continue;
		(by > 0 ? up : down).push(m);
	}
	return {
		pulledUpBy: furthestFirst(up, idea.median),
		pulledDownBy: furthestFirst(down, idea.median)
	};
}

/** The ranking page's rows from an already computed consensus. Only ideas somebody scored appear. */
export function rankConsensus(consensus: Consensus, options: RankingOptions = {}): RankingRow[] {
	const { scores, notable = NOTABLE_SHARE } = options;
	const rows: RankingRow[] = consensus.ideas.map((idea) => ({
		ideaId: idea.ideaId,
		rank: 0,
		score: scores?.get(idea.ideaId) ?? idea.median,
		voters: idea.count,
		spread: idea.spread,
		...pullsOf(idea, consensus.scale, notable)
	}));
	return rankBy(rows, (row) => row.score);
}

/** The ranking page's rows from one number per person per idea of the framework that drives the rank. */
export function rankIdeas(
	ballots: readonly BallotOf<number>[],
	options: RankingOptions & { scale?: Scale } = {}
): RankingRow[] {
	return rankConsensus(summarizeConsensus(ballots, options.scale), options);
}

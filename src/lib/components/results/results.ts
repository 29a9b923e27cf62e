import type { Idea } from '$lib/model/board.ts';
import type { FrameworkId } from '$lib/model/control.ts';
import type { FunctionMedian, IdeaConsensus, Scale } from '$lib/model/frameworks/consensus.ts';
import { FRAMEWORKS, frameworkInfo } from '$lib/model/frameworks/index.ts';

/**
 * Data for the Ranking and Consensus pages, read from the tally's rows of one framework: the server
 * adds `ranking` (a RankingRow) and `consensus` (an IdeaConsensus) to each idea's row of every
 * numeric framework (src/lib/model/tally-derivation.ts). Rows are read defensively: a malformed one is
 * skipped.
 */

type Row = Readonly<Record<string, unknown>>;

/** What the room gives both results views (ranking, consensus). */
export interface ResultsViewProps {
	ideas: Idea[];
	/** The enabled frameworks that give one number per person (numericFrameworks). */
	frameworks: FrameworkId[];
	/** The framework the view reads; null when none can. */
	framework: FrameworkId | null;
	onpick: (framework: FrameworkId) => void;
	/** The tally's rows of a framework, by idea id. */
	aggregatesOf: (framework: FrameworkId) => ReadonlyMap<string, Record<string, unknown>>;
	/** Whether a framework's results are still hidden (blind, not revealed). */
	isBlind: (framework: FrameworkId) => boolean;
	/** Set for facilitators: reveals a framework's results. */
	onreveal?: (framework: FrameworkId) => void;
}

/** Frameworks that give one number per person per idea, so they can drive a ranking. */
export function numericFrameworks(enabled: readonly FrameworkId[]): FrameworkId[] {
	return FRAMEWORKS.filter((info) => info.numeric !== null && enabled.includes(info.id)).map(
		(info) => info.id
	);
}

/** The framework a page shows: the one picked if still enabled and numeric, else the first. */
export function pickFramework(
	picked: FrameworkId | null,
	available: readonly FrameworkId[]
): FrameworkId | null {
	return picked !== null && available.includes(picked) ? picked : (available[0] ?? null);
}

const finite = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function record(value: unknown): Row | null {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Row)
		: null;
}

export interface RankedIdea {
	ideaId: string;
	title: string;
	/** The idea's position in the ideas list, as the markers elsewhere show it. */
	number: number;
	rank: number;
	score: number;
	voters: number;
	/** Interquartile range of the personal numbers. */
	spread: number;
	/** Functions whose median sits notably above everyone's, furthest first. */
	pulledUpBy: string[];
	pulledDownBy: string[];
}

export interface Ranking {
	rows: RankedIdea[];
	/** Ideas with votes whose results are hidden (anonymous workshop, fewer than 3 people). */
	hidden: number;
}

/** The ranking of the ideas that exist, by the framework's group score, best first. */
export function rankingOf(ideas: readonly Idea[], aggregates: ReadonlyMap<string, Row>): Ranking {
	const rows: RankedIdea[] = [];
	let hidden = 0;
	ideas.forEach((idea, index) => {
		const aggregate = aggregates.get(idea.id);
		if (!aggregate) return;
		if (aggregate.hidden === true) {
			hidden++;
			return;
		}
		const ranking = record(aggregate.ranking);
		if (!ranking) return;
		const { rank, score, voters, spread } = ranking;
		if (!finite(rank) || !finite(score) || !finite(voters) || !finite(spread)) return;
		rows.push({
			ideaId: idea.id,
			title: idea.title,
			number: index + 1,
			rank,
			score,
			voters,
			spread,
			pulledUpBy: strings(ranking.pulledUpBy),
			pulledDownBy: strings(ranking.pulledDownBy)
		});
	});
	rows.sort((a, b) => a.rank - b.rank || a.number - b.number);
	return { rows, hidden };
}

function readFunctionMedian(value: unknown): FunctionMedian | null {
	const row = record(value);
	if (!row || typeof row.function !== 'string' || !finite(row.median) || !finite(row.count)) {
		return null;
	}
	return { function: row.function, median: row.median, count: row.count };
}

/** Every existing idea's consensus (spread, function medians, divergence), in the ideas' order. */
export function consensusOf(
	ideas: readonly Idea[],
	aggregates: ReadonlyMap<string, Row>
): IdeaConsensus[] {
	const result: IdeaConsensus[] = [];
	for (const idea of ideas) {
		const aggregate = aggregates.get(idea.id);
		const consensus = record(aggregate?.consensus);
		if (!consensus || aggregate?.hidden === true) continue;
		const { count, median, spread, divergence } = consensus;
		if (!finite(count) || !finite(median) || !finite(spread)) continue;
		const byFunction = Array.isArray(consensus.byFunction)
			? consensus.byFunction.map(readFunctionMedian).filter((m) => m !== null)
			: [];
		result.push({
			ideaId: idea.id,
			count,
			median,
			spread,
			byFunction,
			divergence: finite(divergence) ? divergence : null
		});
	}
	return result;
}

/**
 * The scale divergence was measured on: the tally's (`summary` `scale`, absent in anonymous
 * workshops), else the framework's fixed one, else the range of the medians shown.
 */
export function scaleOf(
	framework: FrameworkId,
	summary: Row | null,
	ideas: readonly IdeaConsensus[]
): Scale {
	const scale = record(summary?.scale);
	if (scale && finite(scale.min) && finite(scale.max) && scale.min <= scale.max) {
		return { min: scale.min, max: scale.max };
	}
	const fixed = frameworkInfo(framework).numeric?.scale;
	if (fixed) return fixed;
	let min = Infinity;
	let max = -Infinity;
	for (const idea of ideas) {
		for (const value of [idea.median, ...idea.byFunction.map((m) => m.median)]) {
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
	}
	return min <= max ? { min, max } : { min: 0, max: 0 };
}

/**
 * Ideas ordered for discussion: most divergent between functions first (ties: wider spread, then
 * list order), then those only one function scored, which cannot diverge.
 */
export function byDivergence(ideas: readonly IdeaConsensus[]): IdeaConsensus[] {
	const order = new Map(ideas.map((idea, i) => [idea.ideaId, i]));
	return [...ideas].sort(
		(a, b) =>
			(b.divergence ?? -1) - (a.divergence ?? -1) ||
			b.spread - a.spread ||
			(order.get(a.ideaId) ?? 0) - (order.get(b.ideaId) ?? 0)
	);
}

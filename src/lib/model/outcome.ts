import type * as Y from 'yjs';
import { readIdeas } from './board.ts';
import { readSettings } from './control.ts';
import { frameworkInfo, type FrameworkId } from './frameworks/index.ts';
import {
	fillRoadmap,
	ranks,
	readRoadmapSettings,
	type RankedIdea,
	type Roadmap
} from './roadmap.ts';
import { readAggregates } from './tally.ts';

/**
 * The outcome of a workshop as people outside the room read it: the ranked ideas of the framework
 * the facilitator chose for the roadmap, and the Now / Next / Later roadmap they fill. Read from
 * the board, control and tally documents, so the room and the executive page show the same thing.
 */

export interface RankedRow extends RankedIdea {
	voters: number;
	spread: number | null;
}

export interface Outcome {
	framework: FrameworkId;
	frameworkLabel: string;
	/** The framework's results are not revealed yet (blind voting). */
	hidden: boolean;
	ranked: RankedRow[];
	/** Ideas nobody scored in this framework yet. */
	unscored: { ideaId: string; title: string }[];
	roadmap: Roadmap;
	/** Where the roadmap's effort figures come from, for the reader. */
	effortSource: string;
}

function record(value: unknown): Record<string, unknown> | null {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Effort per idea: the facilitator's prices when set, else the group's RICE effort (person-months),
 * else the matrix's median effort (0–100).
 */
function efforts(
	ideaIds: string[],
	prices: Map<string, number>,
	aggregates: Y.Map<unknown>
): { effort: Map<string, number>; source: string } {
	if (prices.size > 0) return { effort: prices, source: 'prices set by the facilitator' };
	for (const [framework, source] of [
		['rice', 'RICE effort (person-months, group median)'],
		['matrix', 'value/effort matrix (0–100, group median)']
	] as const) {
		const effort = new Map<string, number>();
		for (const id of ideaIds) {
			const value = num(record(record(aggregates.get(`${framework}|${id}`))?.median)?.effort);
			if (value !== null) effort.set(id, value);
		}
		if (effort.size > 0) return { effort, source };
	}
	return { effort: new Map(), source: 'no effort estimates yet' };
}

export function readOutcome(board: Y.Doc, control: Y.Doc, tally: Y.Doc): Outcome {
	const ideas = readIdeas(board);
	const settings = readSettings(control);
	const roadmapSettings = readRoadmapSettings(control);
	const aggregates = tally.getMap('aggregates');
	const rows = readAggregates(tally);
	const rankingOf = (framework: FrameworkId, ideaId: string) =>
		record(rows.get(framework)?.get(ideaId)?.ranking);
	// Until the facilitator picks one, the roadmap fills from the first enabled framework the room
	// can see a ranking of: a workshop that scored only RICE gets a RICE roadmap, not an empty one
	// from the matrix nobody used.
	const framework = roadmapSettings.chosen
		? roadmapSettings.framework
		: (settings.frameworks.find(
				(id) => ranks(id) && ideas.some((idea) => num(rankingOf(id, idea.id)?.rank) !== null)
			) ?? roadmapSettings.framework);
	const hidden = settings.blind && !settings.revealed.has(framework);
	const { effort, source } = efforts(
		ideas.map((i) => i.id),
		settings.prices,
		aggregates
	);

	const ranked: RankedRow[] = [];
	const unscored: Outcome['unscored'] = [];
	for (const idea of ideas) {
		const ranking = rankingOf(framework, idea.id);
		const rank = num(ranking?.rank);
		const score = num(ranking?.score);
		if (hidden || rank === null || score === null) {
			unscored.push({ ideaId: idea.id, title: idea.title });
			continue;
		}
		ranked.push({
			ideaId: idea.id,
			title: idea.title,
			rank,
			score,
			effort: effort.get(idea.id) ?? null,
			voters: num(ranking?.voters) ?? 0,
			spread: num(ranking?.spread)
		});
	}
	ranked.sort((a, b) => a.rank - b.rank || (a.ideaId < b.ideaId ? -1 : 1));
	return {
		framework,
		frameworkLabel: frameworkInfo(framework).label,
		hidden,
		ranked,
		unscored,
		roadmap: fillRoadmap(ranked, roadmapSettings.capacity, roadmapSettings.pins),
		effortSource: source
	};
}

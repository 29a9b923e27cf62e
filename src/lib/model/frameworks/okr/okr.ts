import { byId, votesByIdea, type BallotOf, type VotesByIdea } from '../ballot.ts';
import { cappedMedian, LEADERSHIP } from '../leadership.ts';
import { medianOf } from '../stats.ts';

/** How strongly an idea moves a key result, and the number it counts as. */
export const STRENGTHS = { weak: 1, medium: 2, strong: 3 } as const;

export type Strength = keyof typeof STRENGTHS;

export interface KeyResult {
	id: string;
	title: string;
}

export interface Objective {
	id: string;
	title: string;
	keyResults: readonly KeyResult[];
}

/** One person's links for one idea: key result id → strength. No key means no link. */
export type OkrEntry = Readonly<Record<string, Strength>>;

export interface OkrLink {
	ideaId: string;
	objectiveId: string;
	keyResultId: string;
	/** Median strength (1 weak – 3 strong) among the people who drew this link. */
	strength: number;
	/** How many people drew it. */
	count: number;
}

export interface ObjectiveCoverage {
	objectiveId: string;
	/** Key results with at least one idea linked. */
	covered: number;
	total: number;
	/** covered / total, 0 for an objective without key results. */
	share: number;
}

/** A node of the objective → key result → idea map; `weight` is the sum of the links below it. */
export interface OkrMapIdea {
	ideaId: string;
	weight: number;
	count: number;
}

export interface OkrMapKeyResult {
	id: string;
	title: string;
	weight: number;
	ideas: OkrMapIdea[];
}

export interface OkrMapObjective {
	id: string;
	title: string;
	weight: number;
	keyResults: OkrMapKeyResult[];
}

export interface OkrSummary {
	/** Ordered by objective, then key result (as defined), then strength (strongest first), then idea. */
	links: OkrLink[];
	/** Ideas of the workshop nobody linked to any key result. */
	unaligned: string[];
	coverage: ObjectiveCoverage[];
	/** Every objective and key result, even those without links, so the map shows the gaps. */
	map: OkrMapObjective[];
}

/**
 * Link strengths per (idea, key result), unaligned ideas, coverage per objective and the map. A
 * link's strength is the median among those who drew it, not among everyone: not linking means "I
 * see no link", which the count shows, rather than "weak". Links to key results that are no longer
 * defined are not counted.
 */
export function summarizeOkr(
	ballots: readonly BallotOf<OkrEntry>[],
	objectives: readonly Objective[],
	ideaIds: readonly string[]
): OkrSummary {
	return summarizeOkrVotes(votesByIdea(ballots), objectives, ideaIds);
}

/**
 * summarizeOkr from entries already grouped by idea. With a Leadership cap (./leadership.ts), a
 * link's strength is the weighted median among those who drew it.
 */
export function summarizeOkrVotes(
	votes: VotesByIdea<OkrEntry>,
	objectives: readonly Objective[],
	ideaIds: readonly string[],
	leadershipCap?: number
): OkrSummary {
	// key result id → idea id → strengths given, and, under a cap, whether each came from Leadership
	const strengths = new Map<string, Map<string, number[]>>();
	const fromLeaders = new Map<number[], boolean[]>();
	const weighed = leadershipCap !== undefined;
	for (const objective of objectives) {
		for (const keyResult of objective.keyResults) strengths.set(keyResult.id, new Map());
	}
	// forEach and index loops, as for…of over a Map or entries() allocates a pair per step.
	votes.forEach(({ entries, voters }, ideaId) => {
		for (let e = 0; e < entries.length; e++) {
			const entry = entries[e];
			for (const keyResultId in entry) {
				const strength = entry[keyResultId];
				const ideas = strengths.get(keyResultId);
				if (!ideas || !Object.hasOwn(entry, keyResultId) || !Object.hasOwn(STRENGTHS, strength)) {
					continue;
				}
				let values = ideas.get(ideaId);
				if (!values) {
					ideas.set(ideaId, (values = []));
					if (weighed) fromLeaders.set(values, []);
				}
				values.push(STRENGTHS[strength]);
				if (weighed) fromLeaders.get(values)!.push(voters[e]?.function === LEADERSHIP);
			}
		}
	});

	const links: OkrLink[] = [];
	const linked = new Set<string>();
	const coverage: ObjectiveCoverage[] = [];
	const map: OkrMapObjective[] = [];
	for (const objective of objectives) {
		const keyResults: OkrMapKeyResult[] = [];
		for (const keyResult of objective.keyResults) {
			const ideas: OkrMapIdea[] = [];
			strengths.get(keyResult.id)?.forEach((values, ideaId) => {
				const weight = weighed
					? cappedMedian(values, fromLeaders.get(values)!, leadershipCap, () => medianOf(values))
					: medianOf(values);
				ideas.push({ ideaId, weight, count: values.length });
				linked.add(ideaId);
			});
			ideas.sort((a, b) => b.weight - a.weight || byId(a.ideaId, b.ideaId));
			for (const idea of ideas) {
				links.push({
					ideaId: idea.ideaId,
					objectiveId: objective.id,
					keyResultId: keyResult.id,
					strength: idea.weight,
					count: idea.count
				});
			}
			keyResults.push({
				id: keyResult.id,
				title: keyResult.title,
				weight: ideas.reduce((sum, idea) => sum + idea.weight, 0),
				ideas
			});
		}
		const total = keyResults.length;
		const covered = keyResults.filter((keyResult) => keyResult.ideas.length > 0).length;
		coverage.push({
			objectiveId: objective.id,
			covered,
			total,
			share: total > 0 ? covered / total : 0
		});
		map.push({
			id: objective.id,
			title: objective.title,
			weight: keyResults.reduce((sum, keyResult) => sum + keyResult.weight, 0),
			keyResults
		});
	}
	return { links, unaligned: ideaIds.filter((id) => !linked.has(id)), coverage, map };
}

export interface SankeyNode {
	/** Prefixed by kind ("objective:", "key-result:", "idea:") so ids of different kinds never clash. */
	id: string;
	kind: 'objective' | 'key-result' | 'idea';
	/** The objective's or key result's id, or the idea's id. */
	ref: string;
}

export interface SankeyLink {
	source: string;
	target: string;
	value: number;
}

/**
 * The map as sankey nodes and links (objective → key result → idea), each flow as wide as the link
 * weights below it. Key results without ideas carry no flow and are left out; use `map` to show
 * them.
 */
export function okrSankey(map: readonly OkrMapObjective[]): {
	nodes: SankeyNode[];
	links: SankeyLink[];
} {
	const nodes: SankeyNode[] = [];
	const links: SankeyLink[] = [];
	const ideas = new Set<string>();
	for (const objective of map) {
		if (objective.weight === 0) continue;
		const objectiveNode = `objective:${objective.id}`;
		nodes.push({ id: objectiveNode, kind: 'objective', ref: objective.id });
		for (const keyResult of objective.keyResults) {
			if (keyResult.weight === 0) continue;
			const keyResultNode = `key-result:${keyResult.id}`;
			nodes.push({ id: keyResultNode, kind: 'key-result', ref: keyResult.id });
			links.push({ source: objectiveNode, target: keyResultNode, value: keyResult.weight });
			for (const idea of keyResult.ideas) {
				const ideaNode = `idea:${idea.ideaId}`;
				if (!ideas.has(idea.ideaId)) {
					ideas.add(idea.ideaId);
					nodes.push({ id: ideaNode, kind: 'idea', ref: idea.ideaId });
				}
				links.push({ source: keyResultNode, target: ideaNode, value: idea.weight });
			}
		}
	}
	return { nodes, links };
}

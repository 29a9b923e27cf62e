import type { OkrMapObjective, ObjectiveCoverage } from '$lib/model/frameworks/okr/okr.ts';

/**
 * Layout of the OKR map: three columns (objectives, key results, ideas) of labelled boxes, with a
 * curve from each objective to its key results and from each key result to the ideas linked to it.
 * A link is as wide as its strength (the median of those who drew it, 1 weak – 3 strong) and says
 * how many drew it. Key results are the spine: each gets an equal band; an objective sits across
 * its key results, and ideas are ordered by the key results they serve so curves cross little.
 */

export interface MapNode {
	id: string;
	kind: 'objective' | 'key-result' | 'idea';
	title: string;
	x: number;
	/** Centre of the box. */
	y: number;
	width: number;
	height: number;
}

export interface ObjectiveNode extends MapNode {
	kind: 'objective';
	coverage: ObjectiveCoverage;
}

export interface IdeaNode extends MapNode {
	kind: 'idea';
	/** Linked to nothing: shown, and flagged. */
	unaligned: boolean;
	/** Sum of the strengths of its links. */
	weight: number;
	/** How many key results it is linked to. */
	keyResults: number;
}

export interface MapLink {
	id: string;
	kind: 'structure' | 'link';
	source: string;
	target: string;
	/** SVG path of the curve. */
	path: string;
	/** Stroke width in px. */
	width: number;
	/** For a link: the median strength and how many drew it. */
	strength: number;
	count: number;
	/** Where the count is written: the middle of the curve. */
	mid: { x: number; y: number };
}

export interface OkrMapLayout {
	width: number;
	height: number;
	objectives: ObjectiveNode[];
	keyResults: MapNode[];
	ideas: IdeaNode[];
	links: MapLink[];
}

export const NODE_HEIGHT = 38;
const COLUMN_MAX = 260;
const GAP_MIN = 40;
/** Vertical room per box, its gap included. */
export const ROW = 50;

/** Stroke width of a link by strength: weak 2 px, medium 5 px, strong 8 px; medians between. */
export function linkWidth(strength: number): number {
	return 2 + (Math.min(3, Math.max(1, strength)) - 1) * 3;
}

/** A horizontal S-curve from the right edge of one box to the left edge of another. */
export function curve(x1: number, y1: number, x2: number, y2: number): string {
	const mx = (x1 + x2) / 2;
	return `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}

function mean(values: readonly number[]): number {
	return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function okrMapLayout(
	map: readonly OkrMapObjective[],
	coverage: readonly ObjectiveCoverage[],
	titles: ReadonlyMap<string, string>,
	unaligned: readonly string[],
	width: number
): OkrMapLayout {
	// Columns no wider than a label needs, so the links get the room that is left.
	const column = Math.max(60, Math.min(COLUMN_MAX, (width - 2 * GAP_MIN) / 3));
	const gap = (width - 3 * column) / 2;
	const xs = [0, column + gap, 2 * (column + gap)];

	// Every key result gets a slot; an objective without key results still takes one.
	const slots: {
		objective: OkrMapObjective;
		keyResult: OkrMapObjective['keyResults'][number] | null;
	}[] = [];
	for (const objective of map) {
		if (objective.keyResults.length === 0) slots.push({ objective, keyResult: null });
		for (const keyResult of objective.keyResults) slots.push({ objective, keyResult });
	}

	// Ideas in the order of the first key result they serve (the mean slot of their links), so the
	// curves into the idea column mostly run straight; unaligned ideas follow, in the given order.
	const slotsOfIdea = new Map<string, number[]>();
	slots.forEach(({ keyResult }, i) => {
		for (const idea of keyResult?.ideas ?? []) {
			const list = slotsOfIdea.get(idea.ideaId) ?? [];
			list.push(i);
			slotsOfIdea.set(idea.ideaId, list);
		}
	});
	const linked = [...slotsOfIdea.entries()]
		.map(([ideaId, at]) => ({ ideaId, at: mean(at) }))
		.sort((a, b) => a.at - b.at || (a.ideaId < b.ideaId ? -1 : 1))
		.map((entry) => entry.ideaId);
	const ideaIds = [...linked, ...unaligned.filter((id) => !slotsOfIdea.has(id))];

	const rows = Math.max(slots.length, ideaIds.length, 1);
	const height = rows * ROW;
	const band = (count: number, i: number) => (height / count) * (i + 0.5);

	const keyResults: MapNode[] = [];
	const slotY = slots.map((_, i) => band(slots.length, i));
	slots.forEach(({ keyResult }, i) => {
		if (!keyResult) return;
		keyResults.push({
			id: keyResult.id,
			kind: 'key-result',
			title: keyResult.title,
			x: xs[1],
			y: slotY[i],
			width: column,
			height: NODE_HEIGHT
		});
	});

	const coverageOf = new Map(coverage.map((c) => [c.objectiveId, c]));
	const objectives: ObjectiveNode[] = map.map((objective) => {
		const own = slots.flatMap((slot, i) => (slot.objective === objective ? [slotY[i]] : []));
		return {
			id: objective.id,
			kind: 'objective',
			title: objective.title,
			x: xs[0],
			y: (Math.min(...own) + Math.max(...own)) / 2,
			width: column,
			height: NODE_HEIGHT,
			coverage: coverageOf.get(objective.id) ?? {
				objectiveId: objective.id,
				covered: 0,
				total: objective.keyResults.length,
				share: 0
			}
		};
	});

	const weights = new Map<string, number>();
	for (const objective of map) {
		for (const keyResult of objective.keyResults) {
			for (const idea of keyResult.ideas) {
				weights.set(idea.ideaId, (weights.get(idea.ideaId) ?? 0) + idea.weight);
			}
		}
	}
	const ideas: IdeaNode[] = ideaIds.map((ideaId, i) => ({
		id: ideaId,
		kind: 'idea',
		title: titles.get(ideaId) ?? 'Untitled idea',
		x: xs[2],
		y: band(ideaIds.length, i),
		width: column,
		height: NODE_HEIGHT,
		unaligned: !slotsOfIdea.has(ideaId),
		weight: weights.get(ideaId) ?? 0,
		keyResults: slotsOfIdea.get(ideaId)?.length ?? 0
	}));

	const nodeY = new Map<string, number>([
		...objectives.map((n) => [`objective:${n.id}`, n.y] as const),
		...keyResults.map((n) => [`key-result:${n.id}`, n.y] as const),
		...ideas.map((n) => [`idea:${n.id}`, n.y] as const)
	]);
	const links: MapLink[] = [];
	const connect = (
		kind: MapLink['kind'],
		source: string,
		target: string,
		fromX: number,
		toX: number,
		strength: number,
		count: number
	) => {
		const y1 = nodeY.get(source)!;
		const y2 = nodeY.get(target)!;
		links.push({
			id: `${source}->${target}`,
			kind,
			source,
			target,
			path: curve(fromX, y1, toX, y2),
			width: kind === 'structure' ? 1.5 : linkWidth(strength),
			strength,
			count,
			mid: { x: (fromX + toX) / 2, y: (y1 + y2) / 2 }
		});
	};
	for (const objective of map) {
		for (const keyResult of objective.keyResults) {
			const from = `objective:${objective.id}`;
			const to = `key-result:${keyResult.id}`;
			connect('structure', from, to, xs[0] + column, xs[1], 0, 0);
			for (const idea of keyResult.ideas) {
				connect('link', to, `idea:${idea.ideaId}`, xs[1] + column, xs[2], idea.weight, idea.count);
			}
		}
	}
	return { width, height, objectives, keyResults, ideas, links };
}

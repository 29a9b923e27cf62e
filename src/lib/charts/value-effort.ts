import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Idea, Placement } from '$lib/model/board.ts';
import { quantile, summarize, type MatrixSummary, type Quadrant } from '$lib/model/matrix.ts';

/** The group's point for an idea, with the quartiles that bound its spread rectangle. */
export interface GroupPoint extends MatrixSummary {
	/** Lower quartile on each axis. */
	low: Placement;
	/** Upper quartile on each axis; `high - low` is the summary's spread. */
	high: Placement;
}

export interface MatrixItem {
	id: string;
	idea: Idea;
	/** 1-based position in the ideas list, shown inside the markers. */
	number: number;
	title: string;
	/** The current user's own placement, if they placed it. */
	own: Placement | null;
	group: GroupPoint | null;
}

export interface MatrixData {
	items: MatrixItem[];
	/** Ideas the current user has placed. */
	placed: MatrixItem[];
	/** Ideas the current user has not placed yet: they wait beside the matrix. */
	tray: MatrixItem[];
	/** Ideas anyone has placed: each gets a median point. */
	grouped: MatrixItem[];
}

function sorted(values: number[]): number[] {
	return values.sort((a, b) => a - b);
}

export function groupPoint(points: readonly Placement[]): GroupPoint | null {
	const summary = summarize(points);
	if (!summary) return null;
	const values = sorted(points.map((p) => p.value));
	const efforts = sorted(points.map((p) => p.effort));
	return {
		...summary,
		low: { value: quantile(values, 0.25), effort: quantile(efforts, 0.25) },
		high: { value: quantile(values, 0.75), effort: quantile(efforts, 0.75) }
	};
}

type ByUser = ReadonlyMap<string, Placement>;

/**
 * Prepares what the matrix draws, remembering earlier results: an idea whose object and map of
 * placements are the same as last time gets the same item back, so during a drag only the dragged
 * idea is summarised and redrawn (PlacementIndex keeps unchanged maps identical).
 */
export class MatrixPrep {
	#groups = new WeakMap<ByUser, GroupPoint | null>();
	#items = new WeakMap<Idea, MatrixItem>();

	#group(byUser: ByUser): GroupPoint | null {
		let group = this.#groups.get(byUser);
		if (group === undefined) {
			group = groupPoint([...byUser.values()]);
			this.#groups.set(byUser, group);
		}
		return group;
	}

	/** `userId` is null for a viewer, who has no points of their own and no tray. */
	prepare(
		ideas: readonly Idea[],
		placements: ReadonlyMap<string, ByUser>,
		userId: string | null
	): MatrixData {
		const items = ideas.map((idea, index): MatrixItem => {
			const byUser = placements.get(idea.id);
			const own = (userId !== null && byUser?.get(userId)) || null;
			const group = byUser ? this.#group(byUser) : null;
			const number = index + 1;
			const known = this.#items.get(idea);
			if (known && known.number === number && known.own === own && known.group === group) {
				return known;
			}
			const item = { id: idea.id, idea, number, title: idea.title, own, group };
			this.#items.set(idea, item);
			return item;
		});
		return {
			items,
			placed: items.filter((item) => item.own !== null),
			tray: userId === null ? [] : items.filter((item) => item.own === null),
			grouped: items.filter((item) => item.group !== null)
		};
	}
}

/** Everything the matrix draws, from the board's ideas and placements (without memory). */
export function prepareMatrix(
	ideas: readonly Idea[],
	placements: ReadonlyMap<string, ByUser>,
	userId: string | null
): MatrixData {
	return new MatrixPrep().prepare(ideas, placements, userId);
}

export interface Frame {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
}

export interface MatrixScales {
	/** Effort → x: low effort on the left. */
	x: ScaleLinear<number, number>;
	/** Value → y: high value at the top. */
	y: ScaleLinear<number, number>;
}

export function matrixScales(frame: Frame): MatrixScales {
	const { width, height, margin } = frame;
	return {
		x: scaleLinear()
			.domain([0, 100])
			.range([margin.left, Math.max(margin.left + 1, width - margin.right)]),
		y: scaleLinear()
			.domain([0, 100])
			.range([Math.max(margin.top + 1, height - margin.bottom), margin.top])
	};
}

function clampScore(n: number): number {
	return Math.min(100, Math.max(0, Math.round(n * 10) / 10));
}

/** The placement under a point of the chart (pixels relative to the SVG), kept on the matrix. */
export function placementAt(scales: MatrixScales, px: number, py: number): Placement {
	return { value: clampScore(scales.y.invert(py)), effort: clampScore(scales.x.invert(px)) };
}

/** Whether a point of the chart lies on the plot area (not in the margins). */
export function insidePlot(scales: MatrixScales, px: number, py: number): boolean {
	const [left, right] = scales.x.range();
	const [bottom, top] = scales.y.range();
	return px >= left && px <= right && py >= top && py <= bottom;
}

export const KEY_STEP = 1;
export const BIG_KEY_STEP = 10;

/**
 * Where an arrow key moves a point: up/down change value, left/right change effort. Null for any
 * other key, so the caller leaves it alone.
 */
export function nudge(at: Placement, key: string, big: boolean): Placement | null {
	const step = big ? BIG_KEY_STEP : KEY_STEP;
	switch (key) {
		case 'ArrowUp':
			return { ...at, value: clampScore(at.value + step) };
		case 'ArrowDown':
			return { ...at, value: clampScore(at.value - step) };
		case 'ArrowRight':
			return { ...at, effort: clampScore(at.effort + step) };
		case 'ArrowLeft':
			return { ...at, effort: clampScore(at.effort - step) };
		default:
			return null;
	}
}

export const CENTRE: Placement = { value: 50, effort: 50 };

export interface QuadrantArea {
	name: Quadrant;
	/** Which corner the label sits in. */
	corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
	value: [number, number];
	effort: [number, number];
}

/** The four quadrants, split at 50 on each axis, as `quadrant()` in the model decides them. */
export const QUADRANTS: readonly QuadrantArea[] = [
	{ name: 'Quick wins', corner: 'top-left', value: [50, 100], effort: [0, 50] },
	{ name: 'Big bets', corner: 'top-right', value: [50, 100], effort: [50, 100] },
	{ name: 'Fill-ins', corner: 'bottom-left', value: [0, 50], effort: [0, 50] },
	{ name: 'Money pits', corner: 'bottom-right', value: [0, 50], effort: [50, 100] }
];

/** A title short enough to label a point: whole words where possible, with an ellipsis. */
export function shortLabel(title: string, max = 26): string {
	const clean = title.replace(/\s+/g, ' ').trim();
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Readable numbers for labels and screen readers: 62.5 stays, 62.0 becomes 62. */
export function formatScore(n: number): string {
	return String(Math.round(n * 10) / 10);
}

import type { Placement } from '$lib/model/board.ts';
import { shortLabel, type MatrixItem, type MatrixScales } from '../value-effort.ts';
import { POINT_R } from './marks.ts';

/**
 * Where the matrix writes idea titles: beside their point, where the title collides with no other
 * title and no other idea's mark, and stays inside the plot (off the axes and their ticks); the
 * active idea's title may lie under marks rather than be left out. A title that fits nowhere is left out; its point keeps its number, which the key under
 * the matrix explains. Greedy, in priority order (the focused idea first), trying eight spots
 * around each point.
 */

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** A point that wants its title beside it, in the plot's pixels. */
export interface LabelAnchor {
	id: string;
	x: number;
	y: number;
	/** How far the title keeps from the point's centre (the mark's radius). */
	r: number;
	text: string;
}

/** A mark titles keep clear of; a title may touch its own idea's marks. */
export interface Obstacle extends Box {
	id: string;
}

export interface PlacedLabel {
	id: string;
	text: string;
	/** Where the text is drawn: its anchor point and baseline. */
	x: number;
	y: number;
	anchor: 'start' | 'middle' | 'end';
	/** The box the text takes. */
	box: Box;
}

export interface Layout {
	placed: PlacedLabel[];
	/** Ids whose title fits nowhere. */
	dropped: string[];
}

/** The height a 12 px title takes; its baseline sits 4 px below its middle. */
export const LABEL_HEIGHT = 14;
const BASELINE = 4;
/** Room between a title and a point, and between two titles. */
const GAP = 3;

export function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(box: Box, plot: Box): boolean {
	return (
		box.x >= plot.x &&
		box.y >= plot.y &&
		box.x + box.width <= plot.x + plot.width &&
		box.y + box.height <= plot.y + plot.height
	);
}

/** The spots around a point, best first: right, left, above, below, then the diagonals. */
function candidates({ x, y, r }: LabelAnchor, width: number): Box[] {
	const h = LABEL_HEIGHT;
	const d = r * Math.SQRT1_2;
	return [
		{ x: x + r + GAP, y: y - h / 2 },
		{ x: x - r - GAP - width, y: y - h / 2 },
		{ x: x - width / 2, y: y - r - GAP - h },
		{ x: x - width / 2, y: y + r + GAP },
		{ x: x + d, y: y - d - h },
		{ x: x + d, y: y + d },
		{ x: x - d - width, y: y - d - h },
		{ x: x - d - width, y: y + d }
	].map((at) => ({ ...at, width, height: h }));
}

function label(anchor: LabelAnchor, box: Box): PlacedLabel {
	const right = box.x + box.width;
	const anchorAt: PlacedLabel['anchor'] =
		box.x >= anchor.x ? 'start' : right <= anchor.x ? 'end' : 'middle';
	const x = anchorAt === 'start' ? box.x : anchorAt === 'end' ? right : box.x + box.width / 2;
	return {
		id: anchor.id,
		text: anchor.text,
		x,
		y: box.y + box.height / 2 + BASELINE,
		anchor: anchorAt,
		box
	};
}

/**
 * Places the titles of `anchors` (in priority order) inside `plot`, clear of each other and of
 * `obstacles` (other ideas' marks). `measure` gives a text's width in pixels.
 */
export function placeLabels(
	anchors: readonly LabelAnchor[],
	plot: Box,
	obstacles: readonly Obstacle[],
	measure: (text: string) => number,
	/** The first anchor is the active idea's. */
	active = false
): Layout {
	const placed: PlacedLabel[] = [];
	const dropped: string[] = [];
	const padded = (box: Box): Box => ({
		x: box.x - GAP / 2,
		y: box.y - GAP / 2,
		width: box.width + GAP,
		height: box.height + GAP
	});
	for (const anchor of anchors) {
		const width = Math.ceil(measure(anchor.text));
		const free = candidates(anchor, width).filter(
			(box) => inside(box, plot) && placed.every((other) => !overlaps(padded(box), other.box))
		);
		// A title under another idea's mark is half hidden, so it goes to the key instead; only
		// the active idea's (placed first) may lie under marks rather than be left out.
		const clear = free.find((box) =>
			obstacles.every((mark) => mark.id === anchor.id || !overlaps(box, mark))
		);
		const spot = clear ?? (active && anchor === anchors[0] ? free[0] : undefined);
		if (spot) placed.push(label(anchor, spot));
		else dropped.push(anchor.id);
	}
	return { placed, dropped };
}

/** What the matrix hands the layout: its scales, the ideas, and where each own point is drawn. */
export interface MatrixLabelInput {
	scales: MatrixScales;
	/** Ideas with a point of the user's own, drawn where `ownAt` says. */
	placed: readonly MatrixItem[];
	/** Ideas with a group median (a diamond and a count badge). */
	grouped: readonly MatrixItem[];
	ownAt: (item: MatrixItem) => Placement;
	/** Titles go beside the user's own points, or beside the medians for someone without any. */
	mine: boolean;
	/** The idea pointed at or focused: its title is placed first. */
	activeId: string | null;
	/** Longest title in characters (shorter on a phone). */
	maxChars: number;
	measure: (text: string) => number;
}

/** Half the width of a group median's diamond. */
export const DIAMOND_R = 14;

/** The box of the count badge drawn at a median's upper right (see Medians.svelte). */
export function badgeBox(x: number, y: number, count: number): Box {
	return { x: x + 4, y: y - 20, width: count > 9 ? 22 : 16, height: 16 };
}

const around = (id: string, x: number, y: number, r: number): Obstacle => ({
	id,
	x: x - r,
	y: y - r,
	width: 2 * r,
	height: 2 * r
});

/** The matrix's titles: beside the user's points (or the medians), clear of every mark. */
export function layoutMatrixLabels(input: MatrixLabelInput): Layout {
	const { scales, placed, grouped, ownAt, mine, activeId, maxChars, measure } = input;
	const { x, y } = scales;
	const obstacles: Obstacle[] = [];
	for (const item of placed) {
		const at = ownAt(item);
		obstacles.push(around(item.id, x(at.effort), y(at.value), POINT_R));
	}
	for (const item of grouped) {
		const { median, count } = item.group!;
		const [mx, my] = [x(median.effort), y(median.value)];
		obstacles.push(around(item.id, mx, my, DIAMOND_R), { id: item.id, ...badgeBox(mx, my, count) });
	}
	const anchors = (mine ? placed : grouped).map((item): LabelAnchor => {
		const at = mine ? ownAt(item) : item.group!.median;
		return {
			id: item.id,
			x: x(at.effort),
			y: y(at.value),
			r: mine ? POINT_R : DIAMOND_R,
			text: shortLabel(item.title, maxChars)
		};
	});
	const first = anchors.findIndex((anchor) => anchor.id === activeId);
	if (first > 0) anchors.unshift(...anchors.splice(first, 1));
	const [left, right] = x.range();
	const [bottom, top] = y.range();
	const plot = { x: left, y: top, width: right - left, height: bottom - top };
	return placeLabels(anchors, plot, obstacles, measure, first >= 0);
}

/** What the layout depends on, as a string: the same key gives the same layout. */
export function layoutKey(input: MatrixLabelInput): string {
	const { scales, placed, grouped, ownAt, mine, activeId, maxChars, measure } = input;
	const parts: unknown[] = [scales.x.range(), scales.y.range(), mine, activeId, maxChars];
	for (const item of placed) {
		const at = ownAt(item);
		parts.push(item.id, item.title, at.value, at.effort);
	}
	for (const item of grouped) {
		const { median, count } = item.group!;
		parts.push(item.id, item.title, median.value, median.effort, count);
	}
	// A new measure (the page's font arrived) lays out again.
	return `${measureIds.get(measure) ?? remember(measure)}|${parts.join('|')}`;
}

const measureIds = new WeakMap<(text: string) => number, number>();
let measures = 0;

function remember(measure: (text: string) => number): number {
	measureIds.set(measure, ++measures);
	return measures;
}

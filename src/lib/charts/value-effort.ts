import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Idea, Placement } from '$lib/model/board.ts';
import { validateMatrix } from '$lib/model/frameworks/matrix/check.ts';
import type { MatrixSummary, Quadrant } from '$lib/model/frameworks/matrix/matrix.ts';

/** The group's point for an idea, with the box its spread is drawn as. */
export interface GroupPoint extends MatrixSummary {
	/** Lower-left corner of the spread box (low value, low effort). */
	low: Placement;
	/** Upper-right corner of the spread box; `high - low` is the summary's spread where it fits. */
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
	/** The group's point; null while nobody placed it, and while voting is blind. */
	group: GroupPoint | null;
	/** How many people placed it (known while blind too). */
	count: number;
}

export interface MatrixData {
	items: MatrixItem[];
	/** Ideas the current user has placed. */
	placed: MatrixItem[];
	/** Ideas the current user has not placed yet: they wait beside the matrix. */
	tray: MatrixItem[];
	/** Ideas with a group point: each gets a median marker. */
	grouped: MatrixItem[];
}

function isPlacement(value: unknown): value is Placement {
	if (typeof value !== 'object' || value === null) return false;
	const { value: v, effort } = value as Record<string, unknown>;
	return Number.isFinite(v) && Number.isFinite(effort);
}

const clamp100 = (n: number) => Math.min(100, Math.max(0, n));

/**
 * The group's point from the tally's row for an idea (`aggregates` `matrix|<ideaId>`: `median`,
 * `spread` and `count`); null for a row that is hidden (anonymous, too few people) or malformed.
 * The tally holds each axis's interquartile range, not its quartiles, so the spread box has the
 * IQR's size centred on the median (kept on the matrix): it shows how far apart the middle half
 * of the group is, not exactly where.
 */
export function groupFromRow(row: Readonly<Record<string, unknown>>): GroupPoint | null {
	const { median, spread, count } = row;
	if (row.hidden === true || !isPlacement(median) || !isPlacement(spread)) return null;
	if (typeof count !== 'number' || !(count > 0)) return null;
	const half = { value: Math.max(0, spread.value) / 2, effort: Math.max(0, spread.effort) / 2 };
	return {
		count,
		median: { value: median.value, effort: median.effort },
		spread: { value: spread.value, effort: spread.effort },
		low: {
			value: clamp100(median.value - half.value),
			effort: clamp100(median.effort - half.effort)
		},
		high: {
			value: clamp100(median.value + half.value),
			effort: clamp100(median.effort + half.effort)
		}
	};
}

type Row = Readonly<Record<string, unknown>>;

/**
 * Prepares what the matrix draws from the user's ballot entries and the tally's rows,
 * remembering earlier results: an idea whose idea, entry and row are the same objects as last
 * time gets the same item back, so during a drag only the dragged idea is redrawn (Yjs hands out
 * the same object for an entry until it is replaced, and the tally replaces only what changed).
 */
export class MatrixPrep {
	#groups = new WeakMap<Row, GroupPoint | null>();
	#own = new WeakMap<object, Placement | null>();
	#items = new WeakMap<Idea, MatrixItem>();

	#group(row: Row | undefined): GroupPoint | null {
		if (!row) return null;
		let group = this.#groups.get(row);
		if (group === undefined) {
			group = groupFromRow(row);
			this.#groups.set(row, group);
		}
		return group;
	}

	/** A ballot entry, checked as the server checks it: an invalid one is not drawn. */
	#ownPoint(raw: unknown): Placement | null {
		if (typeof raw !== 'object' || raw === null) return null;
		let own = this.#own.get(raw);
		if (own === undefined) {
			const checked = validateMatrix(raw);
			own = checked.ok ? checked.value : null;
			this.#own.set(raw, own);
		}
		return own;
	}

	/**
	 * `own` is the user's raw `matrix` ballot entries, or null for someone without a ballot
	 * (observers, viewers), who has no points of their own and no tray. `groups` are the tally's
	 * rows and `counts` its votes, by idea id.
	 */
	prepare(
		ideas: readonly Idea[],
		own: ReadonlyMap<string, unknown> | null,
		groups: ReadonlyMap<string, Row>,
		counts: ReadonlyMap<string, number> = new Map()
	): MatrixData {
		const items = ideas.map((idea, index): MatrixItem => {
			const mine = own ? this.#ownPoint(own.get(idea.id)) : null;
			const group = this.#group(groups.get(idea.id));
			const count = counts.get(idea.id) ?? group?.count ?? 0;
			const number = index + 1;
			const known = this.#items.get(idea);
			if (
				known &&
				known.number === number &&
				known.own === mine &&
				known.group === group &&
				known.count === count
			) {
				return known;
			}
			const item = { id: idea.id, idea, number, title: idea.title, own: mine, group, count };
			this.#items.set(idea, item);
			return item;
		});
		return {
			items,
			placed: items.filter((item) => item.own !== null),
			tray: own === null ? [] : items.filter((item) => item.own === null),
			grouped: items.filter((item) => item.group !== null)
		};
	}
}

/** Everything the matrix draws (without memory). */
export function prepareMatrix(
	ideas: readonly Idea[],
	own: ReadonlyMap<string, unknown> | null,
	groups: ReadonlyMap<string, Row>,
	counts?: ReadonlyMap<string, number>
): MatrixData {
	return new MatrixPrep().prepare(ideas, own, groups, counts);
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

const KEY_STEP = 1;
const BIG_KEY_STEP = 10;

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

import { scaleBand, scaleLinear, type ScaleBand } from 'd3-scale';
import type { HeatMap, HeatMapCell } from '$lib/model/frameworks/consensus.ts';

/**
 * The idea × function heat map's geometry and colours. A cell's colour says how far a function's
 * median sits from the whole room's on that idea (the model's `deviation`, a share of the scale);
 * its text says the median itself, so colour is never the only signal.
 */

/**
 * ColorBrewer's PuOr, which stays distinguishable with the common colour-vision deficiencies:
 * orange where a function rates an idea below the room, purple above, near white in agreement.
 */
export const HEAT_COLOURS = ['#b35806', '#f1a340', '#f7f7f7', '#998ec3', '#542788'] as const;

/** Deviations beyond this share of the scale get the strongest colour. */
export const FULL_COLOUR_AT = 0.4;

const colourScale = scaleLinear<string>()
	.domain([-FULL_COLOUR_AT, -FULL_COLOUR_AT / 2, 0, FULL_COLOUR_AT / 2, FULL_COLOUR_AT])
	.range([...HEAT_COLOURS])
	.clamp(true);

/** The fill of a cell for a deviation from −1 (far below the room) to 1 (far above). */
export function cellColour(deviation: number): string {
	return colourScale(Number.isFinite(deviation) ? deviation : 0);
}

/** Relative luminance (WCAG) of an `rgb(r, g, b)` or `#rrggbb` colour. */
export function luminance(colour: string): number {
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
	const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(colour);
	const parts = hex
		? hex.slice(1).map((h) => parseInt(h, 16))
		: rgb
			? rgb.slice(1).map(Number)
			: [0, 0, 0];
	const [r, g, b] = parts.map((c) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark text on light cells, white on dark ones: whichever contrasts more. */
export function textColour(fill: string): string {
	const l = luminance(fill);
	// Contrast with white (L 1) against contrast with the text colour #181a2a (L ≈ 0.011).
	return 1.05 / (l + 0.05) > (l + 0.05) / 0.061 ? '#ffffff' : '#181a2a';
}

export interface HeatLayout {
	width: number;
	height: number;
	/** Width of the idea labels on the left. */
	labelWidth: number;
	/** Height of the function labels on top. */
	headerHeight: number;
	x: ScaleBand<string>;
	y: ScaleBand<string>;
}

export const CELL = { minWidth: 76, maxWidth: 120, height: 38 } as const;

/**
 * Geometry for the given rows and columns in the available width: cells grow to fill it (up to a
 * limit) and never shrink below a readable size; a narrow screen scrolls the chart sideways.
 */
export function heatLayout(map: HeatMap, available: number, labelWidth: number): HeatLayout {
	const headerHeight = 34;
	const columns = Math.max(1, map.functions.length);
	const cell = Math.min(
		CELL.maxWidth,
		Math.max(CELL.minWidth, Math.floor((available - labelWidth) / columns))
	);
	const width = labelWidth + cell * columns;
	const height = headerHeight + CELL.height * map.ideas.length;
	return {
		width,
		height,
		labelWidth,
		headerHeight,
		x: scaleBand<string>().domain(map.functions).range([labelWidth, width]).paddingInner(0.06),
		y: scaleBand<string>().domain(map.ideas).range([headerHeight, height]).paddingInner(0.1)
	};
}

/** Cells by idea, then function, for drawing rows with gaps where nobody in a function voted. */
export function cellIndex(map: HeatMap): Map<string, Map<string, HeatMapCell>> {
	const index = new Map<string, Map<string, HeatMapCell>>();
	for (const cell of map.cells) {
		let row = index.get(cell.ideaId);
		if (!row) index.set(cell.ideaId, (row = new Map()));
		row.set(cell.function, cell);
	}
	return index;
}

/** How a cell reads aloud and in its tooltip: the median, who gave it, and how it compares. */
export function describeCell(
	cell: HeatMapCell,
	ideaTitle: string,
	format: (value: number) => string,
	roomMedian: number
): string {
	const people = cell.count === 1 ? '1 person' : `${cell.count} people`;
	const difference = cell.median - roomMedian;
	const comparison =
		Math.abs(cell.deviation) < 0.005
			? 'in line with the room'
			: `${format(Math.abs(difference))} ${difference > 0 ? 'above' : 'below'} the room’s ${format(roomMedian)}`;
	return `${cell.function} on “${ideaTitle}”: median ${format(cell.median)} (${people}), ${comparison}`;
}

import { scaleLinear, type ScaleLinear } from 'd3-scale';
import {
	SCORECARD_RANGE,
	type Criterion,
	type ScorecardRow
} from '$lib/model/frameworks/scorecard/scorecard.ts';

/**
 * Criterion colours, in criteria order: a qualitative set that stays apart for the common
 * colour-vision deficiencies (Okabe–Ito, then Tol's "muted"). Nothing is written on a segment, so
 * no colour needs to carry text.
 */
export const CRITERION_COLOURS = [
	'#0072B2',
	'#E69F00',
	'#009E73',
	'#CC79A7',
	'#56B4E9',
	'#D55E00',
	'#332288',
	'#999933',
	'#882255',
	'#44AA99'
] as const;

export function criterionColour(index: number): string {
	return CRITERION_COLOURS[index % CRITERION_COLOURS.length];
}

export interface BarSegment {
	criterionId: string;
	name: string;
	colour: string;
	x: number;
	width: number;
	/** This criterion's part of the composite. */
	weighted: number;
	/** The group's median score for it (1–5, before a cost criterion is flipped). */
	median: number;
	direction: Criterion['direction'];
}

export interface BarRow {
	ideaId: string;
	rank: number | null;
	title: string;
	composite: number | null;
	count: number;
	/** Top of the row: the title line, then the bar. */
	y: number;
	segments: BarSegment[];
	/** What a screen reader says for the row. */
	label: string;
}

export interface BarLayout {
	rows: BarRow[];
	width: number;
	height: number;
	/** From 0 to the scale's top (5): composites are on the 1–5 scale. */
	x: ScaleLinear<number, number>;
	ticks: { value: number; x: number }[];
}

/** Row geometry, shared with the component that draws it. */
export const ROW = { height: 48, title: 16, barTop: 24, bar: 16 } as const;
/** Room right of the bars for the composite. */
export const VALUE_GUTTER = 44;

/** A composite or a segment of one as the bars show it: two decimals, on the 1–5 scale. */
export function formatComposite(value: number): string {
	return value.toFixed(2);
}

/**
 * Lays out one stacked bar per ranked idea: each segment is a criterion's weighted contribution, so
 * the segments of a bar add up to its composite. Criteria keep the given order (and colour) across
 * bars, so the same colour is the same criterion everywhere; unscored criteria have no segment.
 */
export function scorecardBars(
	rows: readonly ScorecardRow[],
	titles: ReadonlyMap<string, string>,
	criteria: readonly Criterion[],
	width: number
): BarLayout {
	const x = scaleLinear()
		.domain([0, SCORECARD_RANGE.max])
		.range([0, Math.max(0, width - VALUE_GUTTER)]);
	const byId = new Map(criteria.map((criterion, i) => [criterion.id, { criterion, i }]));
	const laid: BarRow[] = rows.map((row, r) => {
		const title = titles.get(row.ideaId) ?? 'Untitled idea';
		const parts = new Map(row.breakdown.map((part) => [part.criterionId, part]));
		const segments: BarSegment[] = [];
		let at = 0;
		for (const criterion of criteria) {
			const part = parts.get(criterion.id);
			if (!part) continue;
			const { i } = byId.get(criterion.id)!;
			const x0 = x(at);
			at += part.weighted;
			segments.push({
				criterionId: criterion.id,
				name: criterion.name,
				colour: criterionColour(i),
				x: x0,
				width: Math.max(0, x(at) - x0),
				weighted: part.weighted,
				median: part.median,
				direction: criterion.direction
			});
		}
		const described = segments
			.map((s) => `${s.name} ${formatComposite(s.weighted)} (median ${s.median})`)
			.join(', ');
		const score =
			row.composite === null ? 'no composite' : `composite ${formatComposite(row.composite)}`;
		const rank = row.rank === null ? 'Unranked' : `Rank ${row.rank}`;
		return {
			ideaId: row.ideaId,
			rank: row.rank,
			title,
			composite: row.composite,
			count: row.count,
			y: r * ROW.height,
			segments,
			label: `${rank}: ${title}, ${score}${described ? `: ${described}` : ''}; scored by ${row.count}`
		};
	});
	return {
		rows: laid,
		width,
		height: laid.length * ROW.height,
		x,
		ticks: [0, 1, 2, 3, 4, 5].map((value) => ({ value, x: x(value) }))
	};
}

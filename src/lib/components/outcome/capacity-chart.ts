import { scaleBand, scaleLinear } from 'd3-scale';
import type { RoadmapColumn } from '$lib/model/roadmap.ts';
import { formatAmount } from '$lib/model/roadmap.ts';
import { HORIZON_LABELS } from './placement.ts';

/**
 * Data for the capacity chart: one bar per horizon, on one effort scale shared by all three so
 * they compare at a glance. The track is the capacity (to the end of the axis when there is no
 * limit), the fill what the cards use, and a red segment what they use beyond the capacity.
 */

export interface CapacityBar {
	horizon: RoadmapColumn['horizon'];
	label: string;
	y: number;
	height: number;
	/** Track: the capacity, or the whole axis when unlimited. */
	trackWidth: number;
	unlimited: boolean;
	usedWidth: number;
	overX: number;
	overWidth: number;
	/** "6 of 10", "12 of 10, 2 over", "6 used, no limit". */
	text: string;
	over: boolean;
}

export interface CapacityChart {
	bars: CapacityBar[];
	ticks: { x: number; label: string }[];
	width: number;
	height: number;
	/** Where the bars start (after the horizon labels). */
	left: number;
}

export function capacityChart(
	columns: readonly RoadmapColumn[],
	width: number,
	rowHeight = 34
): CapacityChart {
	const left = 64;
	const right = 12;
	const height = columns.length * rowHeight + 22;
	const max = Math.max(1, ...columns.map((c) => Math.max(c.used, c.capacity ?? 0)));
	const x = scaleLinear()
		.domain([0, max])
		.range([left, Math.max(left + 1, width - right)])
		.nice();
	const y = scaleBand<string>()
		.domain(columns.map((c) => c.horizon))
		.range([0, columns.length * rowHeight])
		.paddingInner(0.35)
		.paddingOuter(0.15);
	const end = x.range()[1];
	const bars = columns.map((column): CapacityBar => {
		const limit = column.capacity;
		const inside = limit === null ? column.used : Math.min(column.used, limit);
		const overBy = limit === null ? 0 : Math.max(0, column.used - limit);
		const text =
			limit === null
				? `${formatAmount(column.used)} used, no limit`
				: `${formatAmount(column.used)} of ${formatAmount(limit)}` +
					(overBy > 0 ? `, ${formatAmount(overBy)} over` : '');
		return {
			horizon: column.horizon,
			label: HORIZON_LABELS[column.horizon],
			y: y(column.horizon) ?? 0,
			height: y.bandwidth(),
			trackWidth: (limit === null ? end : x(limit)) - left,
			unlimited: limit === null,
			usedWidth: x(inside) - left,
			overX: limit === null ? 0 : x(limit),
			overWidth: overBy > 0 ? x(column.used) - x(limit!) : 0,
			text,
			over: column.over
		};
	});
	return {
		bars,
		ticks: x.ticks(Math.max(2, Math.floor((end - left) / 80))).map((t) => ({
			x: x(t),
			label: formatAmount(t)
		})),
		width,
		height,
		left
	};
}

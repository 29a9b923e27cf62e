import { matrixScales, QUADRANTS, type GroupPoint } from '$lib/charts/value-effort.ts';
import {
	COLOURS,
	escapeXml,
	fitText,
	num,
	PAD,
	svgDocument,
	text,
	type Heading,
	type Picture
} from './svg.ts';

/**
 * The value / effort matrix as an SVG file: the group's median point of every idea with its
 * spread box, the four quadrants, and a numbered legend below (titles do not fit beside 300
 * points). Ideas nobody placed yet are listed as such.
 */

export interface MatrixPoint {
	/** The idea's number in the room's list, drawn in its marker. */
	number: number;
	title: string;
	/** groupFromRow of the tally's row; null while nobody placed it. */
	group: GroupPoint | null;
}

const WIDTH = 880;
const PLOT = 560;
const MARGIN = { top: 16, right: WIDTH - 64 - PLOT, bottom: 48, left: 64 };
const LEGEND = { columns: 3, row: 18, size: 12 };

export function matrixSvg(heading: Heading, points: readonly MatrixPoint[]): Picture {
	const frame = { width: WIDTH, height: MARGIN.top + PLOT + MARGIN.bottom, margin: MARGIN };
	const { x, y } = matrixScales(frame);
	const parts: string[] = [];

	for (const area of QUADRANTS) {
		const [left, right] = area.effort.map(x);
		const [bottom, top] = area.value.map(y);
		const good = area.name === 'Quick wins';
		parts.push(
			`<rect x="${num(left)}" y="${num(top)}" width="${num(right - left)}" height="${num(bottom - top)}" fill="${good ? COLOURS.accentSoft : COLOURS.surface}" stroke="${COLOURS.faint}"/>`
		);
		const atRight = area.corner.endsWith('right');
		const atTop = area.corner.startsWith('top');
		parts.push(
			text(atRight ? right - 10 : left + 10, atTop ? top + 20 : bottom - 10, area.name, {
				size: 12,
				weight: 650,
				fill: COLOURS.subtle,
				anchor: atRight ? 'end' : 'start'
			})
		);
	}
	for (const tick of [0, 25, 50, 75, 100]) {
		parts.push(
			text(x(tick), y(0) + 18, String(tick), { size: 11, fill: COLOURS.muted, anchor: 'middle' }),
			text(x(0) - 8, y(tick) + 4, String(tick), { size: 11, fill: COLOURS.muted, anchor: 'end' })
		);
	}
	parts.push(
		text(x(50), y(0) + 38, 'Effort →', { size: 12, weight: 650, anchor: 'middle' }),
		text(0, 0, 'Value →', {
			size: 12,
			weight: 650,
			anchor: 'middle',
			extra: ` transform="translate(${num(x(0) - 42)} ${num(y(50))}) rotate(-90)"`
		})
	);

	const placed = points.filter((point) => point.group !== null);
	for (const { group } of placed) {
		const { low, high } = group!;
		parts.push(
			`<rect x="${num(x(low.effort))}" y="${num(y(high.value))}" width="${num(x(high.effort) - x(low.effort))}" height="${num(y(low.value) - y(high.value))}" fill="${COLOURS.accent}" fill-opacity="0.08" stroke="${COLOURS.accent}" stroke-opacity="0.3"/>`
		);
	}
	for (const { group, number, title } of placed) {
		const cx = x(group!.median.effort);
		const cy = y(group!.median.value);
		const label = String(number);
		parts.push(
			`<g><title>${escapeXml(`${number}. ${title}`)}</title>`,
			`<circle cx="${num(cx)}" cy="${num(cy)}" r="${label.length > 2 ? 13 : 11}" fill="${COLOURS.accent}" stroke="#ffffff" stroke-width="1.5"/>`,
			text(cx, cy + 3.5, label, { size: 10, weight: 700, fill: '#ffffff', anchor: 'middle' }),
			'</g>'
		);
	}

	const legendTop = frame.height + 8;
	const columnWidth = (WIDTH - 2 * PAD) / LEGEND.columns;
	const perColumn = Math.max(1, Math.ceil(points.length / LEGEND.columns));
	points.forEach((point, i) => {
		const column = Math.floor(i / perColumn);
		const lx = PAD + column * columnWidth;
		const ly = legendTop + (i % perColumn) * LEGEND.row + LEGEND.size;
		const suffix = point.group ? '' : ' (not placed)';
		const title = fitText(point.title, columnWidth - 46 - (suffix ? 76 : 0), LEGEND.size);
		parts.push(
			`<g><title>${escapeXml(point.title)}</title>`,
			text(lx, ly, `${point.number}.`, { size: LEGEND.size, weight: 700, fill: COLOURS.accent }),
			text(lx + 36, ly, title + suffix, {
				size: LEGEND.size,
				fill: point.group ? COLOURS.text : COLOURS.subtle
			}),
			'</g>'
		);
	});
	if (points.length === 0) {
		parts.push(text(PAD, legendTop + LEGEND.size, 'No ideas yet.', { fill: COLOURS.muted }));
	}
	const height = legendTop + Math.max(1, perColumn) * LEGEND.row + PAD;
	return svgDocument(WIDTH, height, heading, parts.join('\n'));
}

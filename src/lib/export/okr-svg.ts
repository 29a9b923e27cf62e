import { okrMapLayout, type MapNode } from '$lib/charts/okr-map.ts';
import type { OkrSummary } from '$lib/model/frameworks/okr/okr.ts';
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
 * The OKR map (objectives → key results → ideas, okrMapLayout) as an SVG file: link widths by
 * strength with how many people drew each, each objective's coverage, and unaligned ideas
 * flagged. The same layout as the room's chart, drawn with presentation attributes only.
 */

const WIDTH = 960;
const LEGEND_HEIGHT = 28;

function nodeBox(node: MapNode, fill: string, stroke: string, dashed = false): string {
	return `<rect x="${num(node.x)}" y="${num(node.y - node.height / 2)}" width="${num(node.width)}" height="${num(node.height)}" rx="6" fill="${fill}" stroke="${stroke}"${dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
}

export function okrSvg(
	heading: Heading,
	summary: OkrSummary,
	titles: ReadonlyMap<string, string>
): Picture {
	const layout = okrMapLayout(
		summary.map,
		summary.coverage,
		titles,
		summary.unaligned,
		WIDTH - 2 * PAD
	);
	const parts: string[] = [
		text(
			PAD,
			14,
			'Link width: how strongly people linked an idea (weak – strong); the number: how many drew it. Dashed: unaligned.',
			{
				size: 11,
				fill: COLOURS.muted
			}
		),
		`<g transform="translate(${PAD} ${LEGEND_HEIGHT})">`
	];
	for (const link of layout.links) {
		const structure = link.kind === 'structure';
		parts.push(
			`<path d="${link.path}" fill="none" stroke="${structure ? COLOURS.border : COLOURS.accent}" stroke-opacity="${structure ? 1 : 0.55}" stroke-width="${num(link.width)}" stroke-linecap="round"/>`
		);
	}
	for (const link of layout.links) {
		if (link.kind !== 'link') continue;
		parts.push(
			`<circle cx="${num(link.mid.x)}" cy="${num(link.mid.y)}" r="8" fill="#ffffff" stroke="${COLOURS.accent}"/>`,
			text(link.mid.x, link.mid.y + 3.5, String(link.count), {
				size: 9,
				weight: 700,
				fill: COLOURS.accentStrong,
				anchor: 'middle'
			})
		);
	}
	const label = (node: MapNode, line: string, sub?: string) => {
		const inner = node.width - 16;
		const lines = [
			text(node.x + 8, node.y + (sub ? -2 : 4), fitText(line, inner, 12), { size: 12, weight: 650 })
		];
		if (sub) {
			lines.push(
				text(node.x + 8, node.y + 12, fitText(sub, inner, 10), { size: 10, fill: COLOURS.muted })
			);
		}
		return `<g><title>${escapeXml(line)}</title>${lines.join('')}</g>`;
	};
	for (const node of layout.objectives) {
		const { covered, total } = node.coverage;
		parts.push(
			nodeBox(node, COLOURS.accentSoft, COLOURS.accent),
			label(node, node.title, `${covered} of ${total} key results covered`)
		);
	}
	for (const node of layout.keyResults) {
		parts.push(nodeBox(node, COLOURS.surface, COLOURS.border), label(node, node.title));
	}
	for (const node of layout.ideas) {
		parts.push(
			nodeBox(node, '#ffffff', node.unaligned ? COLOURS.warning : COLOURS.border, node.unaligned),
			label(node, node.title, node.unaligned ? 'Unaligned: linked to nothing' : undefined)
		);
	}
	parts.push('</g>');
	if (layout.objectives.length === 0 && layout.ideas.length === 0) {
		parts.push(text(PAD, LEGEND_HEIGHT + 20, 'No objectives yet.', { fill: COLOURS.muted }));
	}
	return svgDocument(WIDTH, LEGEND_HEIGHT + layout.height + PAD, heading, parts.join('\n'));
}

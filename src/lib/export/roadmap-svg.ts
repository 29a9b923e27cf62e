import { formatAmount, type Roadmap, type RoadmapCard } from '$lib/model/roadmap.ts';
import {
	COLOURS,
	escapeXml,
	fitText,
	num,
	PAD,
	svgDocument,
	text,
	wrapText,
	type Heading,
	type Picture
} from './svg.ts';

/**
 * The Now / Next / Later roadmap (fillRoadmap's `Roadmap`) as an SVG file: three columns with
 * their capacity bar and cards, each card with its title and the sentence that explains its
 * place, and below them what the roadmap could not place (no estimate, no room, left out).
 */

const WIDTH = 1080;
const GAP = 16;
const COLUMN = (WIDTH - 2 * PAD - 2 * GAP) / 3;
const CARD_PAD = 10;
const TITLE_SIZE = 13;
const REASON_SIZE = 11;

const LABELS = { now: 'Now', next: 'Next', later: 'Later' } as const;

interface LaidCard {
	/** The whole title, as the card's tooltip: the drawn one may be cut. */
	full: string;
	title: string[];
	reason: string[];
	pinned: boolean;
	height: number;
}

function layCard(card: RoadmapCard): LaidCard {
	const inner = COLUMN - 2 * CARD_PAD;
	const title = wrapText(card.title, inner - (card.pinned ? 46 : 0), TITLE_SIZE, 2);
	const reason = wrapText(card.reason, inner, REASON_SIZE, 4);
	const height =
		CARD_PAD * 2 + title.length * TITLE_SIZE * 1.25 + 4 + reason.length * REASON_SIZE * 1.25;
	return { full: card.title, title, reason, pinned: card.pinned, height };
}

function capacityText(used: number, capacity: number | null): string {
	return capacity === null
		? `${formatAmount(used)} used, no limit`
		: `${formatAmount(used)} of ${formatAmount(capacity)} used`;
}

export function roadmapSvg(heading: Heading, roadmap: Roadmap): Picture {
	const parts: string[] = [];
	let bottom = 0;
	roadmap.columns.forEach((column, i) => {
		const x = PAD + i * (COLUMN + GAP);
		parts.push(
			text(x, 20, LABELS[column.horizon], { size: 15, weight: 700 }),
			text(x + COLUMN, 20, capacityText(column.used, column.capacity), {
				size: 11,
				weight: column.over ? 700 : 400,
				fill: column.over ? COLOURS.danger : COLOURS.muted,
				anchor: 'end'
			})
		);
		const limit = column.capacity ?? Math.max(column.used, 1);
		const full = Math.max(limit, column.used);
		const usedWidth = full > 0 ? (COLUMN * Math.min(column.used, limit)) / full : 0;
		const overWidth = full > 0 ? (COLUMN * Math.max(0, column.used - limit)) / full : 0;
		parts.push(
			`<rect x="${num(x)}" y="30" width="${num(COLUMN)}" height="6" rx="3" fill="${COLOURS.faint}"/>`,
			`<rect x="${num(x)}" y="30" width="${num(usedWidth)}" height="6" rx="3" fill="${COLOURS.accent}"/>`
		);
		if (overWidth > 0) {
			parts.push(
				`<rect x="${num(x + COLUMN - overWidth)}" y="30" width="${num(overWidth)}" height="6" fill="${COLOURS.danger}"/>`
			);
		}
		let y = 48;
		if (column.cards.length === 0) {
			parts.push(text(x, y + 14, 'Nothing here yet', { size: 12, fill: COLOURS.subtle }));
			y += 24;
		}
		for (const card of column.cards.map(layCard)) {
			parts.push(
				`<g><title>${escapeXml(card.full)}</title>`,
				`<rect x="${num(x)}" y="${num(y)}" width="${num(COLUMN)}" height="${num(card.height)}" rx="8" fill="${COLOURS.surface}" stroke="${COLOURS.border}"/>`,
				text(x + CARD_PAD, y + CARD_PAD + TITLE_SIZE - 2, card.title, {
					size: TITLE_SIZE,
					weight: 650
				}),
				text(
					x + CARD_PAD,
					y + CARD_PAD + card.title.length * TITLE_SIZE * 1.25 + 4 + REASON_SIZE - 2,
					card.reason,
					{ size: REASON_SIZE, fill: COLOURS.muted }
				)
			);
			if (card.pinned) {
				parts.push(
					text(x + COLUMN - CARD_PAD, y + CARD_PAD + TITLE_SIZE - 2, 'Pinned', {
						size: 10,
						weight: 700,
						fill: COLOURS.accent,
						anchor: 'end'
					})
				);
			}
			parts.push('</g>');
			y += card.height + 8;
		}
		bottom = Math.max(bottom, y);
	});

	let y = bottom + 8;
	const lists: [string, RoadmapCard[]][] = [
		['Waiting for an effort estimate', roadmap.needsEstimate],
		['No horizon has room', roadmap.unplaced],
		['Left out by the facilitator', roadmap.out]
	];
	for (const [label, cards] of lists) {
		if (cards.length === 0) continue;
		const lines = wrapText(
			cards.map((card) => card.title).join(', '),
			WIDTH - 2 * PAD,
			12,
			Infinity
		);
		parts.push(
			text(PAD, y + 14, fitText(`${label} (${cards.length})`, WIDTH - 2 * PAD, 12), {
				size: 12,
				weight: 700
			}),
			text(PAD, y + 32, lines, { size: 12, fill: COLOURS.muted })
		);
		y += 32 + lines.length * 15 + 8;
	}
	return svgDocument(WIDTH, y + PAD, heading, parts.join('\n'));
}

/**
 * What every exported picture shares: a self-contained SVG document (no stylesheet, no web font,
 * no script: presentation attributes only, and a font stack that falls back to the reader's
 * system fonts), a heading with the workshop's title, what the picture shows and the date, and
 * text measured well enough to wrap without a DOM. Renderers are pure functions of their data, so
 * they run in tests and would run on a server.
 */

export const FONT =
	"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export const COLOURS = {
	text: '#181a2a',
	muted: '#585d75',
	subtle: '#7b8098',
	border: '#cfd3e1',
	faint: '#e3e5ee',
	surface: '#f8f9fc',
	accent: '#4f46e5',
	accentSoft: '#eef0ff',
	accentStrong: '#312e81',
	danger: '#b42318',
	warning: '#a15c07'
} as const;

/** Text for an XML text node or attribute value. */
export function escapeXml(text: string): string {
	return (
		text
			.replaceAll('&', '&amp;')
			.replaceAll('<', '&lt;')
			.replaceAll('>', '&gt;')
			.replaceAll('"', '&quot;')
			.replaceAll("'", '&apos;')
			// Control characters other than tab and line ends are not allowed in XML 1.0 at all.
			// eslint-disable-next-line no-control-regex -- matching them is the point
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
	);
}

/**
 * Roughly how wide a line of text is in the system sans-serif: 0.56 em per character on average,
 * wide letters and capitals a little more. Good enough to wrap and to size boxes; a renderer
 * leaves some slack.
 */
export function textWidth(text: string, fontSize: number): number {
	let ems = 0;
	for (const char of text) {
		if (/[MW@%]/.test(char)) ems += 0.85;
		else if (/[A-Z0-9]/.test(char)) ems += 0.64;
		else if (/[iljtf.,:;'|! ]/.test(char)) ems += 0.3;
		else ems += 0.54;
	}
	return ems * fontSize;
}

/** `text` cut to fit `width`, with an ellipsis when cut. */
export function fitText(text: string, width: number, fontSize: number): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (textWidth(clean, fontSize) <= width) return clean;
	let cut = clean;
	while (cut.length > 1 && textWidth(`${cut}…`, fontSize) > width) cut = cut.slice(0, -1);
	return `${cut.trimEnd()}…`;
}

/**
 * `text` broken into lines no wider than `width`, at spaces where possible; at most `maxLines`,
 * the last one ending in an ellipsis when text is left over.
 */
export function wrapText(text: string, width: number, fontSize: number, maxLines = 3): string[] {
	const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
	const lines: string[] = [];
	let current = '';
	for (const word of words) {
		const next = current ? `${current} ${word}` : word;
		if (textWidth(next, fontSize) <= width || !current) {
			current = next;
		} else {
			lines.push(current);
			current = word;
		}
	}
	if (current) lines.push(current);
	const fitted = lines.map((line) => fitText(line, width, fontSize));
	if (fitted.length <= maxLines) return fitted;
	const kept = fitted.slice(0, maxLines);
	kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} ${fitted[maxLines]}`, width, fontSize);
	if (!kept[maxLines - 1].endsWith('…')) kept[maxLines - 1] += '…';
	return kept;
}

export interface TextOptions {
	size?: number;
	weight?: number;
	fill?: string;
	anchor?: 'start' | 'middle' | 'end';
	/** Extra attributes, already escaped. */
	extra?: string;
}

/** A `<text>` element; several lines become `<tspan>`s 1.25 em apart, `y` being the first's baseline. */
export function text(x: number, y: number, content: string | string[], options: TextOptions = {}) {
	const { size = 13, weight = 400, fill = COLOURS.text, anchor = 'start', extra = '' } = options;
	const lines = Array.isArray(content) ? content : [content];
	const body =
		lines.length === 1
			? escapeXml(lines[0])
			: lines
					.map(
						(line, i) =>
							`<tspan x="${num(x)}" dy="${i === 0 ? 0 : num(size * 1.25)}">${escapeXml(line)}</tspan>`
					)
					.join('');
	const anchorAttribute = anchor === 'start' ? '' : ` text-anchor="${anchor}"`;
	return `<text x="${num(x)}" y="${num(y)}" font-size="${size}" font-weight="${weight}" fill="${fill}"${anchorAttribute}${extra}>${body}</text>`;
}

/** Coordinates with at most two decimals: smaller files, same picture. */
export function num(n: number): string {
	return String(Math.round(n * 100) / 100);
}

export interface Heading {
	/** The workshop's title. */
	title: string;
	/** What the picture shows ("Value / effort matrix"). */
	subject: string;
	/** The date the picture is of, as it should read (the caller formats it). */
	date: string;
}

export const HEADING_HEIGHT = 64;
export const PAD = 24;

/** An exported picture: the SVG document and its size in CSS pixels. */
export interface Picture {
	svg: string;
	width: number;
	height: number;
}

/**
 * A complete SVG document `width` px wide with a white background and the heading at the top;
 * `body` is drawn below it, `height` px tall, its y starting at 0 there (it is translated by the
 * heading's height).
 */
export function svgDocument(
	width: number,
	height: number,
	heading: Heading,
	body: string
): Picture {
	const total = height + HEADING_HEIGHT;
	const label = `${heading.subject}: ${heading.title}, ${heading.date}`;
	const svg = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(total)}" viewBox="0 0 ${num(width)} ${num(total)}" font-family="${escapeXml(FONT)}" role="img" aria-label="${escapeXml(label)}">`,
		`<title>${escapeXml(label)}</title>`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		text(PAD, 30, fitText(heading.title, width - 2 * PAD, 18), { size: 18, weight: 700 }),
		text(PAD, 50, `${heading.subject} · ${heading.date}`, { size: 12, fill: COLOURS.muted }),
		`<g transform="translate(0 ${HEADING_HEIGHT})">${body}</g>`,
		'</svg>'
	].join('\n');
	return { svg, width, height: total };
}

/** A file name from the workshop's title: "q4-bets-matrix-2026-11-22.svg". */
export function exportFileName(title: string, what: string, date: string, extension: string) {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return `${slug || 'workshop'}-${what}-${date}.${extension}`;
}

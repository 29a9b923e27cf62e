/**
 * How colours look to people with a colour-vision deficiency, and how far apart two colours are,
 * so a palette can be checked rather than trusted. Simulation: Machado, Oliveira & Fernandes
 * (2009), full severity, applied in linear sRGB. Distance: CIE76 ΔE in CIELAB (D65).
 */

export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

type Matrix = readonly [
	readonly [number, number, number],
	readonly [number, number, number],
	readonly [number, number, number]
];

const SIMULATION: Record<Vision, Matrix> = {
	normal: [
		[1, 0, 0],
		[0, 1, 0],
		[0, 0, 1]
	],
	protanopia: [
		[0.152286, 1.052583, -0.204868],
		[0.114503, 0.786281, 0.099216],
		[-0.003882, -0.048116, 1.051998]
	],
	deuteranopia: [
		[0.367322, 0.860646, -0.227968],
		[0.280085, 0.672501, 0.047413],
		[-0.01182, 0.04294, 0.968881]
	],
	tritanopia: [
		[1.255528, -0.076749, -0.178779],
		[-0.078411, 0.930809, 0.147602],
		[0.004733, 0.691367, 0.3039]
	]
};

export const VISIONS = Object.keys(SIMULATION) as Vision[];

type Triple = [number, number, number];

function linearRgb(hex: string): Triple {
	const match = /^#([0-9a-f]{6})$/i.exec(hex);
	if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
	const value = parseInt(match[1], 16);
	return [value >> 16, (value >> 8) & 0xff, value & 0xff].map((channel) => {
		const c = channel / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	}) as Triple;
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

/** A colour as CIELAB, as seen with the given vision. */
export function seenAs(hex: string, vision: Vision): Triple {
	const rgb = linearRgb(hex);
	const [r, g, b] = SIMULATION[vision].map((row) =>
		clamp(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])
	);
	const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
	const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
	const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
	const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
	return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 ΔE between two colours as seen with the given vision (about 2.3 is just noticeable). */
export function colourDistance(a: string, b: string, vision: Vision): number {
	const [p, q] = [seenAs(a, vision), seenAs(b, vision)];
	return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** The closest pair of a palette as seen with the given vision. */
export function closestPair(
	palette: Record<string, string>,
	vision: Vision
): { a: string; b: string; distance: number } {
	const names = Object.keys(palette);
	let closest = { a: '', b: '', distance: Infinity };
	for (const [i, a] of names.entries()) {
		for (const b of names.slice(i + 1)) {
			const distance = colourDistance(palette[a], palette[b], vision);
			if (distance < closest.distance) closest = { a, b, distance };
		}
	}
	return closest;
}

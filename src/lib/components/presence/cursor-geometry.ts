import { CURSOR_OVERHANG } from '$lib/sync/presence.ts';

/** A box on the screen (a DOMRect's fields), in CSS pixels. */
export interface Box {
	left: number;
	top: number;
	width: number;
	height: number;
}

export interface Anchor {
	name: string;
	box: Box;
}

/** Where a point is inside a box, as fractions of its width and height (0–1 inside it). */
export function toFractions(box: Box, clientX: number, clientY: number): { x: number; y: number } {
	return {
		x: box.width > 0 ? (clientX - box.left) / box.width : 0,
		y: box.height > 0 ? (clientY - box.top) / box.height : 0
	};
}

/** The point at fractions of a box, relative to an origin (the layer the cursors are drawn in). */
export function fromFractions(
	box: Box,
	at: { x: number; y: number },
	origin: { left: number; top: number }
): { left: number; top: number } {
	return {
		left: box.left - origin.left + at.x * box.width,
		top: box.top - origin.top + at.y * box.height
	};
}

/**
 * The anchor a pointer is over, with its position in it: the first anchor whose box holds the
 * point, else the nearest one the point overhangs by at most CURSOR_OVERHANG of its size (the
 * axes and labels around a chart's plot); null elsewhere.
 */
export function anchorAt(
	anchors: readonly Anchor[],
	clientX: number,
	clientY: number
): { anchor: string; x: number; y: number } | null {
	let best: { anchor: string; x: number; y: number; distance: number } | null = null;
	for (const { name, box } of anchors) {
		const { x, y } = toFractions(box, clientX, clientY);
		const distance = Math.max(0, -x, x - 1, -y, y - 1);
		if (distance > CURSOR_OVERHANG || box.width <= 0 || box.height <= 0) continue;
		if (best === null || distance < best.distance) best = { anchor: name, x, y, distance };
		if (distance === 0) break;
	}
	return best && { anchor: best.anchor, x: best.x, y: best.y };
}

/** How long after its last move a cursor fades, and after how long it is no longer shown. */
export const CURSOR_IDLE_MS = 3_000;
export const CURSOR_GONE_MS = 30_000;

/** Whether a cursor that last moved `idleMs` ago is shown as moving, faded, or not at all. */
export function cursorPhase(idleMs: number): 'active' | 'idle' | 'gone' {
	if (idleMs < CURSOR_IDLE_MS) return 'active';
	return idleMs < CURSOR_GONE_MS ? 'idle' : 'gone';
}

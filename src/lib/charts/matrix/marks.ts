import type { Placement } from '$lib/model/board.ts';
import type { MatrixScales } from '../value-effort.ts';

/** Radius of a point the user drags; labels and rings keep clear of it. */
export const POINT_R = 11;

/**
 * Labels go left of points near the plot's right edge; 6.5 px a character is close enough.
 * `right` is the plot's right edge in pixels.
 */
export function labelLeft(scales: MatrixScales, right: number, at: Placement, label: string) {
	return scales.x(at.effort) + 20 + label.length * 6.5 > right;
}

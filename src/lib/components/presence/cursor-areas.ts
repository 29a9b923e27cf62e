import type { FrameworkId } from '$lib/model/control.ts';

/**
 * The frameworks that show live cursors, each with the attribute that marks the parts of it a
 * cursor is placed in. Both are boards everyone sees the same way: the value/effort matrix (its
 * plot, so a cursor means a value and an effort) and the MoSCoW board (its columns). The other
 * frameworks are forms and lists whose rows differ per person and per screen, where a pointer
 * would point at nothing shared; the spotlight and follow mode show what is being discussed.
 */
export const CURSOR_ANCHORS: Partial<Record<FrameworkId, string>> = {
	matrix: 'data-cursor-anchor',
	moscow: 'data-drop'
};

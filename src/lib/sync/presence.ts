import { functionColour, isFunction } from '$lib/model/functions.ts';

/** What each participant announces in awareness: `{ user: PresenceUser }`. */
export interface PresenceUser {
	id: string;
	name: string;
	function: string;
	colour: string;
}

export interface Peer extends PresenceUser {
	self: boolean;
}

/** The avatar colour of someone whose function is hidden (anti-HiPPO): no function's colour. */
export const HIDDEN_FUNCTION_COLOUR = '#9aa0b4';

/** The user as announced while functions are hidden: `function` is '' and the colour neutral. */
export function withoutFunction(user: PresenceUser): PresenceUser {
	return { ...user, function: '', colour: HIDDEN_FUNCTION_COLOUR };
}

/**
 * Reads one awareness state defensively: it comes from another browser. The colour is derived
 * from the function here rather than trusted, since it ends up in style attributes. A state
 * without a function (hidden until the reveal) reads as `function: ''` with the neutral colour.
 */
export function readPresenceUser(state: unknown): PresenceUser | null {
	if (typeof state !== 'object' || state === null) return null;
	const user = (state as { user?: unknown }).user;
	if (typeof user !== 'object' || user === null) return null;
	const { id, name, function: fn } = user as Record<string, unknown>;
	if (typeof id !== 'string' || id === '' || id.length > 64) return null;
	if (typeof name !== 'string' || name.trim() === '') return null;
	const person = { id, name: name.trim().slice(0, 80) };
	if (fn === undefined || fn === '')
		return withoutFunction({ ...person, function: '', colour: '' });
	const known = isFunction(fn) ? fn : 'Other';
	return { ...person, function: known, colour: functionColour(known) };
}

/** One entry per person (several tabs count once), yourself first, then by name. */
export function readPeers(
	states: ReadonlyMap<number, unknown> | undefined,
	self: PresenceUser | null
): Peer[] {
	const people = new Map<string, Peer>();
	for (const state of states?.values() ?? []) {
		const user = readPresenceUser(state);
		if (user && user.id !== self?.id && !people.has(user.id)) {
			people.set(user.id, { ...user, self: false });
		}
	}
	const others = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
	return self ? [{ ...self, self: true }, ...others] : others;
}

/**
 * Where someone's pointer is, as `cursor` in their awareness state: inside the element marked
 * `data-cursor-anchor="<anchor>"` of the area `area` (a matrix, a board), as fractions of that
 * element's box. Fractions of a part of the chart, not pixels, so a cursor lands on the same spot
 * of the same chart whatever the other screen's size.
 */
export interface CursorAt {
	area: string;
	anchor: string;
	x: number;
	y: number;
}

/** How far outside its anchor a cursor may be (as a fraction of the anchor's box). */
export const CURSOR_OVERHANG = 0.25;

const NAME = /^[a-z0-9-]{1,32}$/;

function clampFraction(value: number): number {
	return Math.min(1 + CURSOR_OVERHANG, Math.max(-CURSOR_OVERHANG, value));
}

/** Reads the `cursor` of an awareness state; null when absent or malformed. */
export function readCursor(state: unknown): CursorAt | null {
	if (typeof state !== 'object' || state === null) return null;
	const cursor = (state as { cursor?: unknown }).cursor;
	if (typeof cursor !== 'object' || cursor === null) return null;
	const { area, anchor, x, y } = cursor as Record<string, unknown>;
	if (typeof area !== 'string' || !NAME.test(area)) return null;
	if (typeof anchor !== 'string' || !NAME.test(anchor)) return null;
	if (typeof x !== 'number' || !Number.isFinite(x)) return null;
	if (typeof y !== 'number' || !Number.isFinite(y)) return null;
	return { area, anchor, x: clampFraction(x), y: clampFraction(y) };
}

/**
 * What a facilitator is looking at, as `view` in their awareness state, for the people who follow
 * them: the room's tab, the framework the results pages show, and the idea they last picked.
 */
export interface PresenceView {
	tab: string;
	results: string | null;
	idea: string | null;
}

const optionalName = (value: unknown): string | null =>
	typeof value === 'string' && NAME.test(value) ? value : null;

/** Reads the `view` of an awareness state; null when absent or malformed. */
export function readView(state: unknown): PresenceView | null {
	if (typeof state !== 'object' || state === null) return null;
	const view = (state as { view?: unknown }).view;
	if (typeof view !== 'object' || view === null) return null;
	const { tab, results, idea } = view as Record<string, unknown>;
	if (typeof tab !== 'string' || !NAME.test(tab)) return null;
	return { tab, results: optionalName(results), idea: optionalName(idea) };
}

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

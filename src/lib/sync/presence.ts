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

/**
 * Reads one awareness state defensively: it comes from another browser. The colour is derived
 * from the function here rather than trusted, since it ends up in style attributes.
 */
export function readPresenceUser(state: unknown): PresenceUser | null {
	if (typeof state !== 'object' || state === null) return null;
	const user = (state as { user?: unknown }).user;
	if (typeof user !== 'object' || user === null) return null;
	const { id, name, function: fn } = user as Record<string, unknown>;
	if (typeof id !== 'string' || id === '' || id.length > 64) return null;
	if (typeof name !== 'string' || name.trim() === '') return null;
	const known = isFunction(fn) ? fn : 'Other';
	return { id, name: name.trim().slice(0, 80), function: known, colour: functionColour(known) };
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

import type * as Y from 'yjs';

/**
 * Reads one raw value of a Y.Map; null leaves the key out (documents are read defensively: a
 * malformed value is skipped, never trusted).
 */
export type ReadValue<T, V = unknown> = (raw: V) => T | null;

const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * A plain copy of a Y.Map's valid entries, grouped by the part of each key before its first `|`
 * (`rice|<ideaId>` is entry `<ideaId>` of group `rice`). It follows the map from the keys each
 * change touched instead of re-reading it whole: the tally changes every 50 ms while people vote,
 * and holds an entry per idea and framework.
 *
 * A group's map is the same object until one of its entries changes, so consumers (and Svelte's
 * `$derived`) can tell at once that a framework nobody voted in since has nothing new.
 */
export class GroupedIndex<T, V = unknown> {
	readonly #map: Y.Map<V>;
	readonly #read: ReadValue<T, V>;
	readonly #groups = new Map<string, ReadonlyMap<string, T>>();

	constructor(map: Y.Map<V>, read: ReadValue<T, V>) {
		this.#map = map;
		this.#read = read;
		this.apply(map.keys());
	}

	/** Re-reads these keys (those a Yjs event reports as changed). */
	apply(keys: Iterable<string>): void {
		const touched = new Map<string, Map<string, T>>();
		for (const key of keys) {
			const bar = key.indexOf('|');
			if (bar <= 0 || bar === key.length - 1) continue;
			const group = key.slice(0, bar);
			let entries = touched.get(group);
			if (!entries) touched.set(group, (entries = new Map(this.#groups.get(group))));
			const value = this.#map.has(key) ? this.#read(this.#map.get(key) as V) : null;
			if (value === null) entries.delete(key.slice(bar + 1));
			else entries.set(key.slice(bar + 1), value);
		}
		for (const [group, entries] of touched) {
			if (entries.size > 0) this.#groups.set(group, entries);
			else this.#groups.delete(group);
		}
	}

	/** The entries of one group, by the rest of their keys; an empty map when it has none. */
	group(name: string): ReadonlyMap<string, T> {
		return this.#groups.get(name) ?? EMPTY;
	}
}

/**
 * A plain copy of a Y.Map's valid entries (as GroupedIndex, without groups): the same object until
 * the map changes.
 */
export class MapIndex<T, V = unknown> {
	readonly #map: Y.Map<V>;
	readonly #read: ReadValue<T, V>;
	#entries: ReadonlyMap<string, T> = EMPTY;

	constructor(map: Y.Map<V>, read: ReadValue<T, V>) {
		this.#map = map;
		this.#read = read;
		this.apply(map.keys());
	}

	apply(keys: Iterable<string>): void {
		const entries = new Map(this.#entries);
		for (const key of keys) {
			const value = this.#map.has(key) ? this.#read(this.#map.get(key) as V) : null;
			if (value === null) entries.delete(key);
			else entries.set(key, value);
		}
		this.#entries = entries.size > 0 ? entries : EMPTY;
	}

	get entries(): ReadonlyMap<string, T> {
		return this.#entries;
	}
}

/** Keeps an index in step with its map; call before any reactive subscriber observes the map. */
export function follow<V>(
	map: Y.Map<V>,
	index: { apply(keys: Iterable<string>): void }
): () => void {
	const observer = (event: Y.YMapEvent<V>) => index.apply(event.keysChanged);
	map.observe(observer);
	return () => map.unobserve(observer);
}

/**
 * Entries keyed `<first>|<rest>` grouped by their first segment: the tally's `individual` entries
 * of one framework (`<ideaId>|<userId>`) by idea. Keys without a bar are skipped.
 */
export function groupByFirstSegment<T, R>(
	entries: ReadonlyMap<string, T>,
	make: (rest: string, value: T) => R
): Map<string, R[]> {
	const groups = new Map<string, R[]>();
	for (const [key, value] of entries) {
		const bar = key.indexOf('|');
		if (bar <= 0) continue;
		const first = key.slice(0, bar);
		let list = groups.get(first);
		if (!list) groups.set(first, (list = []));
		list.push(make(key.slice(bar + 1), value));
	}
	return groups;
}

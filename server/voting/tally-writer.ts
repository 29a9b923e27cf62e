import type * as Y from 'yjs';
import { readRejections, rejectedMap } from '../../src/lib/model/ballot.ts';
import type { TallyContents } from '../../src/lib/model/tally-derivation.ts';

/** The origin of the server's own writes to a workshop's documents. */
export const SERVER = 'server';

/** What the tally holds, per map and key: the value last written, and its JSON once computed. */
export type Written = Map<string, Map<string, { value: unknown; json?: string }>>;

export function readWritten(doc: Y.Doc): Written {
	const written: Written = new Map();
	for (const name of doc.share.keys()) {
		const values = new Map<string, { value: unknown }>();
		doc.getMap(name).forEach((value, key) => values.set(key, { value }));
		written.set(name, values);
	}
	return written;
}

/**
 * Whether two values are the same without serialising them: identical, or plain objects whose
 * properties are identical (an individual entry wraps the same entry object from one derivation to
 * the next while its author does not change it).
 */
function shallowSame(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) || Array.isArray(b)) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/**
 * Brings the tally document to `maps` with one transaction that touches only what changed: the
 * keys listed in `changed` when the derivation lists them, otherwise every key.
 */
export function writeTally(doc: Y.Doc, written: Written, { maps, changed }: TallyContents) {
	doc.transact(() => {
		for (const [name, entries] of Object.entries(maps)) {
			const target = doc.getMap(name);
			let cache = written.get(name);
			if (!cache) written.set(name, (cache = new Map()));
			const keys = changed ? (changed[name] ?? []) : entries.keys();
			for (const key of keys) {
				const value = entries.get(key);
				const previous = cache.get(key);
				if (value === undefined) {
					if (previous) {
						target.delete(key);
						cache.delete(key);
					}
					continue;
				}
				if (previous && shallowSame(previous.value, value)) {
					previous.value = value;
					continue;
				}
				const json = JSON.stringify(value);
				if (previous && (previous.json ??= JSON.stringify(previous.value)) === json) {
					previous.value = value;
					continue;
				}
				target.set(key, value);
				cache.set(key, { value, json });
			}
			if (changed) continue;
			for (const key of [...cache.keys()]) {
				if (!entries.has(key)) {
					target.delete(key);
					cache.delete(key);
				}
			}
		}
		// Maps the derivation no longer produces (e.g. individual scores after anonymity was set).
		for (const [name, cache] of written) {
			if (name in maps) continue;
			const target = doc.getMap(name);
			for (const key of cache.keys()) target.delete(key);
			cache.clear();
		}
	}, SERVER);
}

/** Brings a voter's ballot's list of rejected entries to `rejected`, writing only if it differs. */
export function writeRejections(doc: Y.Doc, rejected: Map<string, string>) {
	const current = readRejections(doc);
	const same =
		current.size === rejected.size && [...rejected].every(([k, v]) => current.get(k) === v);
	if (same) return;
	doc.transact(() => {
		const map = rejectedMap(doc);
		for (const key of current.keys()) if (!rejected.has(key)) map.delete(key);
		for (const [key, reason] of rejected) if (current.get(key) !== reason) map.set(key, reason);
	}, SERVER);
}

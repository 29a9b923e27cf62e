import type * as Y from 'yjs';
import {
	ideasMap,
	parsePlacementKey,
	placementsMap,
	readPlacementAt,
	type Placement
} from '$lib/model/board.ts';

export type PlacementsByIdea = ReadonlyMap<string, ReadonlyMap<string, Placement>>;

/**
 * What readPlacements returns, kept up to date from the keys each change touches instead of
 * re-read whole: a drag writes one placement per frame, and re-reading 300 ideas × 40 people at
 * that rate costs more than the frame. An idea's map of users is replaced when one of its entries
 * changes and kept otherwise, so consumers can skip ideas whose map is the same object as before.
 */
export class PlacementIndex {
	readonly #doc: Y.Doc;
	readonly #byIdea = new Map<string, ReadonlyMap<string, Placement>>();

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		this.apply(placementsMap(doc).keys());
	}

	/** Re-reads these keys of the placements map (those a Yjs event reports as changed). */
	apply(keys: Iterable<string>): void {
		const touched = new Map<string, Map<string, Placement>>();
		for (const key of keys) {
			const parsed = parsePlacementKey(key);
			if (!parsed) continue;
			let users = touched.get(parsed.ideaId);
			if (!users) {
				users = new Map(this.#byIdea.get(parsed.ideaId));
				touched.set(parsed.ideaId, users);
			}
			const placement = readPlacementAt(this.#doc, key);
			if (placement) users.set(parsed.userId, placement);
			else users.delete(parsed.userId);
		}
		for (const [ideaId, users] of touched) {
			if (users.size > 0) this.#byIdea.set(ideaId, users);
			else this.#byIdea.delete(ideaId);
		}
	}

	/** Placements by idea, then by user, of the ideas that exist (as readPlacements). */
	read(): PlacementsByIdea {
		const ideas = ideasMap(this.#doc);
		const result = new Map<string, ReadonlyMap<string, Placement>>();
		for (const [ideaId, users] of this.#byIdea) {
			if (ideas.has(ideaId)) result.set(ideaId, users);
		}
		return result;
	}
}

import * as Y from 'yjs';
import { readIdeas, type Idea } from './board.ts';
import { readAggregates } from './tally.ts';

/**
 * Versions of a workshop: what one contains when read, how two compare, and how one is restored
 * onto the live documents as a new change (history stays).
 */

export interface RankedScore {
	rank: number;
	score: number;
}

export interface VersionView {
	ideas: Idea[];
	/** Per framework, per idea: the rank and group score, when the version's tally had them. */
	rankings: Map<string, Map<string, RankedScore>>;
	/** MoSCoW bucket per idea (final or consensus). */
	buckets: Map<string, string>;
}

function record(value: unknown): Record<string, unknown> | null {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/** Reads a version from its board and tally documents, skipping anything malformed. */
export function readVersion(board: Y.Doc, tally: Y.Doc): VersionView {
	const rankings = new Map<string, Map<string, RankedScore>>();
	const buckets = new Map<string, string>();
	// Versions saved before the tally stopped holding ranks hold them in each row; readAggregates
	// reads both.
	for (const [framework, rows] of readAggregates(tally)) {
		for (const [ideaId, row] of rows) {
			if (row.hidden) continue;
			if (framework === 'moscow' && typeof row.bucket === 'string') buckets.set(ideaId, row.bucket);
			const ranking = record(row.ranking) ?? row;
			if (typeof ranking.rank === 'number' && typeof ranking.score === 'number') {
				let ranks = rankings.get(framework);
				if (!ranks) rankings.set(framework, (ranks = new Map()));
				ranks.set(ideaId, { rank: ranking.rank, score: ranking.score });
			}
		}
	}
	return { ideas: readIdeas(board), rankings, buckets };
}

export interface VersionDiff {
	added: Idea[];
	removed: Idea[];
	renamed: { id: string; from: string; to: string }[];
	/** Per framework: ideas whose rank or score changed, biggest rank move first. */
	moves: Map<
		string,
		{
			id: string;
			title: string;
			fromRank: number | null;
			toRank: number | null;
			fromScore: number | null;
			toScore: number | null;
		}[]
	>;
	bucketChanges: { id: string; title: string; from: string | null; to: string | null }[];
}

/** What changed from version `a` to version `b`. */
export function diffVersions(a: VersionView, b: VersionView): VersionDiff {
	const before = new Map(a.ideas.map((i) => [i.id, i]));
	const after = new Map(b.ideas.map((i) => [i.id, i]));
	const title = (id: string) => after.get(id)?.title ?? before.get(id)?.title ?? id;
	const moves: VersionDiff['moves'] = new Map();
	for (const framework of new Set([...a.rankings.keys(), ...b.rankings.keys()])) {
		const from = a.rankings.get(framework) ?? new Map();
		const to = b.rankings.get(framework) ?? new Map();
		const changed = [...new Set([...from.keys(), ...to.keys()])]
			.map((id) => ({
				id,
				title: title(id),
				fromRank: from.get(id)?.rank ?? null,
				toRank: to.get(id)?.rank ?? null,
				fromScore: from.get(id)?.score ?? null,
				toScore: to.get(id)?.score ?? null
			}))
			.filter((m) => m.fromRank !== m.toRank || m.fromScore !== m.toScore)
			// Biggest moves first; equal moves in their new order, so the list reads like the ranking.
			.sort(
				(x, y) =>
					Math.abs((y.toRank ?? 0) - (y.fromRank ?? 0)) -
						Math.abs((x.toRank ?? 0) - (x.fromRank ?? 0)) ||
					(x.toRank ?? Infinity) - (y.toRank ?? Infinity) ||
					(x.id < y.id ? -1 : 1)
			);
		if (changed.length > 0) moves.set(framework, changed);
	}
	const bucketChanges = [...new Set([...a.buckets.keys(), ...b.buckets.keys()])]
		.filter((id) => a.buckets.get(id) !== b.buckets.get(id))
		.sort()
		.map((id) => ({
			id,
			title: title(id),
			from: a.buckets.get(id) ?? null,
			to: b.buckets.get(id) ?? null
		}));
	return {
		added: b.ideas.filter((i) => !before.has(i.id)),
		removed: a.ideas.filter((i) => !after.has(i.id)),
		renamed: b.ideas
			.filter((i) => before.has(i.id) && before.get(i.id)!.title !== i.title)
			.map((i) => ({ id: i.id, from: before.get(i.id)!.title, to: i.title })),
		moves,
		bucketChanges
	};
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Makes a live map of JSON values equal to a version's, touching only what differs. */
function restoreMap(live: Y.Map<unknown>, version: Y.Map<unknown>) {
	for (const key of [...live.keys()]) if (!version.has(key)) live.delete(key);
	version.forEach((value, key) => {
		if (value instanceof Y.AbstractType) return;
		if (!sameJson(live.get(key), value)) live.set(key, value);
	});
}

/**
 * Brings the live board back to a version's ideas, as ordinary changes in one
 * transaction: everyone connected sees the restore, and the history of changes is kept.
 */
export function restoreBoard(live: Y.Doc, version: Y.Doc): void {
	live.transact(() => {
		const liveIdeas = live.getMap<Y.Map<unknown>>('ideas');
		const versionIdeas = version.getMap<Y.Map<unknown>>('ideas');
		for (const id of [...liveIdeas.keys()]) if (!versionIdeas.has(id)) liveIdeas.delete(id);
		versionIdeas.forEach((entry, id) => {
			if (!(entry instanceof Y.Map)) return;
			let target = liveIdeas.get(id);
			if (!(target instanceof Y.Map)) {
				target = new Y.Map<unknown>();
				liveIdeas.set(id, target);
			}
			restoreMap(target, entry);
		});
	});
}

/**
 * Restores the scoring setup (criteria, objectives, buckets, prices) and the roadmap (framework,
 * capacities, pins), not the live session state (phase, lock, timer, reveal).
 */
export function restoreControl(live: Y.Doc, version: Y.Doc): void {
	live.transact(() => {
		for (const name of [
			'criteria',
			'objectives',
			'moscowFinal',
			'prices',
			'roadmap',
			'roadmapPins'
		]) {
			restoreMap(live.getMap(name), version.getMap(name));
		}
	});
}

/**
 * The id of the version saved last (the control document's `history` map, written by the server
 * whenever it saves one), or null. Clients reload their history list when it changes.
 */
export function readLatestVersion(control: Y.Doc): string | null {
	const id = control.getMap('history').get('latest');
	return typeof id === 'string' ? id : null;
}

export function writeLatestVersion(control: Y.Doc, versionId: string): void {
	control.getMap('history').set('latest', versionId);
}

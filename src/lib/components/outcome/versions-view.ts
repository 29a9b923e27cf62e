import { formatAmount } from '$lib/model/roadmap.ts';

/**
 * The versions panel's reading of the versions API (docs/api.md): the shapes it answers with, and
 * the sentences a diff is shown in. Pure, so the wording is tested without a browser.
 */

export type VersionKind = 'manual' | 'phase' | 'restore' | 'decision';

export interface VersionItem {
	id: string;
	name: string;
	kind: VersionKind;
	createdByName: string | null;
	createdAt: string;
}

export interface IdeaJson {
	id: string;
	title: string;
	description: string;
}

export interface VersionJson {
	name: string;
	createdAt: string;
	ideas: IdeaJson[];
	rankings: Record<string, Record<string, { rank: number; score: number }>>;
	buckets: Record<string, string>;
}

export interface MoveJson {
	id: string;
	title: string;
	fromRank: number | null;
	toRank: number | null;
	fromScore: number | null;
	toScore: number | null;
}

export interface DiffJson {
	from: string;
	to: string;
	added: IdeaJson[];
	removed: IdeaJson[];
	renamed: { id: string; from: string; to: string }[];
	moves: Record<string, MoveJson[]>;
	bucketChanges: { id: string; title: string; from: string | null; to: string | null }[];
}

export const KIND_LABELS: Record<VersionKind, string> = {
	manual: 'Saved',
	phase: 'Phase change',
	restore: 'Before a restore',
	decision: 'Decision'
};

/** Who saved it: a person, or the workshop itself at a phase change. */
export function savedBy(version: VersionItem): string {
	return version.createdByName ?? 'automatically';
}

/** A rank move as read in a diff: "up 2 (#5 → #3)", "new at #3", "no longer ranked (was #2)". */
export function rankChange(move: Pick<MoveJson, 'fromRank' | 'toRank'>): {
	text: string;
	direction: 'up' | 'down' | 'new' | 'gone' | 'same';
} {
	const { fromRank: from, toRank: to } = move;
	if (from === null && to !== null) return { text: `new at #${to}`, direction: 'new' };
	if (from !== null && to === null)
		return { text: `no longer ranked (was #${from})`, direction: 'gone' };
	if (from === null || to === null || from === to) return { text: 'same rank', direction: 'same' };
	const by = Math.abs(from - to);
	return from > to
		? { text: `up ${by} (#${from} → #${to})`, direction: 'up' }
		: { text: `down ${by} (#${from} → #${to})`, direction: 'down' };
}

/** A score change: "5 → 9.5", "— → 3", or "" when the score did not change. */
export function scoreChange(move: Pick<MoveJson, 'fromScore' | 'toScore'>): string {
	if (move.fromScore === move.toScore) return '';
	const show = (n: number | null) => (n === null ? '—' : formatAmount(n));
	return `${show(move.fromScore)} → ${show(move.toScore)}`;
}

const BUCKETS: Record<string, string> = {
	must: 'Must',
	should: 'Should',
	could: 'Could',
	wont: 'Won’t'
};

export function bucketLabel(bucket: string | null): string {
	return bucket === null ? 'no bucket' : (BUCKETS[bucket] ?? bucket);
}

/** How many changes a diff holds, for its heading; 0 when the two versions read the same. */
export function changeCount(diff: DiffJson): number {
	return (
		diff.added.length +
		diff.removed.length +
		diff.renamed.length +
		Object.values(diff.moves).reduce((n, moves) => n + moves.length, 0) +
		diff.bucketChanges.length
	);
}

/**
 * A version's ideas with their rank in one framework, ranked first (by rank), then the rest in
 * the version's order.
 */
export function versionRows(
	version: VersionJson,
	framework: string | null
): { id: string; title: string; rank: number | null; score: number | null }[] {
	const ranks = (framework && version.rankings[framework]) || {};
	return version.ideas
		.map((idea, index) => ({
			id: idea.id,
			title: idea.title,
			rank: ranks[idea.id]?.rank ?? null,
			score: ranks[idea.id]?.score ?? null,
			index
		}))
		.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.index - b.index)
		.map(({ index: _, ...row }) => row);
}

/**
 * How the aggregator tells what changed between updates: whether its caches still hold (the
 * fingerprint of settings, ideas and voters), and which results are equal to the ones it handed out
 * last time, so those keep their identity.
 */
import type { WorkshopInput } from './aggregates.ts';
import type { RankingRow } from './ranking.ts';

export function sameRanking(a: RankingRow, b: RankingRow): boolean {
	return (
		a.rank === b.rank &&
		a.score === b.score &&
		a.voters === b.voters &&
		a.spread === b.spread &&
		sameStrings(a.pulledUpBy, b.pulledUpBy) &&
		sameStrings(a.pulledDownBy, b.pulledDownBy)
	);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Flat rows (every field a primitive) with the same fields. */
export function sameFlat<T extends object>(a: T, b: T): boolean {
	for (const key in a) if (a[key] !== b[key]) return false;
	return true;
}

/**
 * `rows` with every row equal to its idea's row in `previous`, the rows returned last time, replaced
 * by that one. Only asked on an update after the first, so a recompute from scratch builds no
 * lookup.
 */
export function keepUnchanged<T extends { ideaId: string }>(
	previous: readonly T[],
	rows: T[],
	same: (a: T, b: T) => boolean
): T[] {
	const before = new Map(previous.map((row) => [row.ideaId, row]));
	for (let i = 0; i < rows.length; i++) {
		const row = before.get(rows[i].ideaId);
		if (row && same(row, rows[i])) rows[i] = row;
	}
	return rows;
}

/** The settings, ideas and voters an aggregator's caches are valid for, as one comparable string. */
export function fingerprint(input: WorkshopInput): string {
	const settings = input.settings ?? {};
	const entries = (map: ReadonlyMap<string, unknown> | undefined) => map && [...map];
	return JSON.stringify([
		input.ideaIds,
		input.ballots.map(({ voter }) => [voter.userId, voter.name, voter.function]),
		settings.enabled,
		settings.criteria,
		settings.objectives,
		settings.dotsPerPerson,
		settings.budgetPerPerson,
		entries(settings.finalBuckets),
		settings.mustShare,
		entries(settings.effortByIdea),
		entries(settings.prices),
		settings.leadershipCap
	]);
}

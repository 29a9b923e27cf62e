import {
	STRENGTHS,
	type KeyResult,
	type Objective,
	type ObjectiveCoverage,
	type OkrEntry,
	type OkrLink,
	type OkrMapIdea,
	type OkrMapKeyResult,
	type OkrMapObjective,
	type OkrSummary,
	type Strength
} from '$lib/model/frameworks/okr/okr.ts';
import { newId } from '../common/ids.ts';
import { isFiniteNumber, isRecord, type Raw } from '../common/tally.ts';

/** The four states of a link toggle, in the order a click steps through them. */
export const LEVELS = [null, 'weak', 'medium', 'strong'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<'none' | Strength, string> = {
	none: 'None',
	weak: 'Weak',
	medium: 'Medium',
	strong: 'Strong'
};

function isStrength(value: unknown): value is Strength {
	return typeof value === 'string' && Object.hasOwn(STRENGTHS, value);
}

/** The person's links of one idea, to key results that exist; anything else is skipped. */
export function linksOf(raw: unknown, keyResultIds: ReadonlySet<string>): Map<string, Strength> {
	const links = new Map<string, Strength>();
	if (!isRecord(raw)) return links;
	for (const id of keyResultIds) {
		const strength = Object.hasOwn(raw, id) ? raw[id] : undefined;
		if (isStrength(strength)) links.set(id, strength);
	}
	return links;
}

/**
 * The entry after setting (or, with null, removing) one link; links to key results that no longer
 * exist are dropped, as the server would reject the entry for them. Null when no link is left, so
 * the caller clears the entry.
 */
export function withLink(
	raw: unknown,
	keyResultIds: ReadonlySet<string>,
	keyResultId: string,
	level: Level
): OkrEntry | null {
	const links = linksOf(raw, keyResultIds);
	if (level === null) links.delete(keyResultId);
	else links.set(keyResultId, level);
	return links.size > 0 ? Object.fromEntries(links) : null;
}

export function keyResultIdsOf(objectives: readonly Objective[]): Set<string> {
	return new Set(objectives.flatMap((objective) => objective.keyResults.map((kr) => kr.id)));
}

/** The person's entry links a key result that no longer exists: the whole entry does not count. */
export function isStale(raw: unknown, keyResultIds: ReadonlySet<string>): boolean {
	return isRecord(raw) && Object.keys(raw).some((key) => !keyResultIds.has(key));
}

// Reading the tally's OKR summary (okr.ts OkrSummary), skipping whatever is malformed.

function readMapIdea(raw: unknown): OkrMapIdea | null {
	if (!isRecord(raw) || typeof raw.ideaId !== 'string') return null;
	if (!isFiniteNumber(raw.weight) || !isFiniteNumber(raw.count)) return null;
	return { ideaId: raw.ideaId, weight: raw.weight, count: raw.count };
}

function readMapKeyResult(raw: unknown): OkrMapKeyResult | null {
	if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.title !== 'string') return null;
	const ideas = Array.isArray(raw.ideas)
		? raw.ideas.map(readMapIdea).filter((i) => i !== null)
		: [];
	return {
		id: raw.id,
		title: raw.title,
		weight: ideas.reduce((sum, idea) => sum + idea.weight, 0),
		ideas
	};
}

function readMapObjective(raw: unknown): OkrMapObjective | null {
	if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.title !== 'string') return null;
	const keyResults = Array.isArray(raw.keyResults)
		? raw.keyResults.map(readMapKeyResult).filter((kr) => kr !== null)
		: [];
	return {
		id: raw.id,
		title: raw.title,
		weight: keyResults.reduce((sum, kr) => sum + kr.weight, 0),
		keyResults
	};
}

function readCoverage(raw: unknown): ObjectiveCoverage | null {
	if (!isRecord(raw) || typeof raw.objectiveId !== 'string') return null;
	const { covered, total, share } = raw;
	if (![covered, total, share].every(isFiniteNumber)) return null;
	return {
		objectiveId: raw.objectiveId,
		covered: covered as number,
		total: total as number,
		share: share as number
	};
}

function readLink(raw: unknown): OkrLink | null {
	if (!isRecord(raw)) return null;
	const { ideaId, objectiveId, keyResultId, strength, count } = raw;
	if (typeof ideaId !== 'string' || typeof objectiveId !== 'string') return null;
	if (typeof keyResultId !== 'string' || !isFiniteNumber(strength) || !isFiniteNumber(count)) {
		return null;
	}
	return { ideaId, objectiveId, keyResultId, strength, count };
}

function list<T>(raw: unknown, read: (item: unknown) => T | null): T[] {
	return Array.isArray(raw) ? raw.map(read).filter((item) => item !== null) : [];
}

/** The OKR summary from the tally, or null when there is none (blind, or nothing derived yet). */
export function readOkrSummary(raw: Raw | null): OkrSummary | null {
	if (!raw || !Array.isArray(raw.map)) return null;
	return {
		links: list(raw.links, readLink),
		unaligned: list(raw.unaligned, (id) => (typeof id === 'string' ? id : null)),
		coverage: list(raw.coverage, readCoverage),
		map: list(raw.map, readMapObjective)
	};
}

/** Words for a link's median strength: 2.5 is "medium–strong". */
export function strengthWords(strength: number): string {
	const names = ['weak', 'medium', 'strong'];
	const low = Math.floor(strength);
	if (low === strength) return names[Math.min(3, Math.max(1, low)) - 1];
	return `${names[Math.max(1, low) - 1]}–${names[Math.min(3, low + 1) - 1]}`;
}

export function newObjective(title: string, now = Date.now()): Objective {
	return { id: newId('o', now), title, keyResults: [] };
}

export function withKeyResult(objective: Objective, title: string, now = Date.now()): Objective {
	const keyResult: KeyResult = { id: newId('kr', now), title };
	return { ...objective, keyResults: [...objective.keyResults, keyResult] };
}

export function withKeyResultTitle(objective: Objective, id: string, title: string): Objective {
	return {
		...objective,
		keyResults: objective.keyResults.map((kr) => (kr.id === id ? { ...kr, title } : kr))
	};
}

export function withoutKeyResult(objective: Objective, id: string): Objective {
	return { ...objective, keyResults: objective.keyResults.filter((kr) => kr.id !== id) };
}

/** Why a title typed for an objective or key result cannot be used, or null. */
export function titleProblem(title: string): string | null {
	if (title.trim() === '') return 'A title is needed';
	return title.length > 200 ? 'At most 200 characters' : null;
}

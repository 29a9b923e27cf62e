import type { Idea } from '$lib/model/board.ts';
import {
	DEFAULT_CRITERIA,
	personalComposite,
	reweigh,
	SCORECARD_RANGE,
	type Criterion,
	type CriterionContribution,
	type ScorecardEntry,
	type ScorecardRow
} from '$lib/model/frameworks/scorecard/scorecard.ts';
import { validateScorecard } from '$lib/model/frameworks/scorecard/check.ts';
import { isFiniteNumber, isHidden, isRecord, numberOr, percent } from '../common/tally.ts';

export const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * Whether the score grid (ideas × criteria) fits a width without scrolling sideways: the idea
 * column, about 106 px per criterion (five score buttons) and the "Yours" column. Narrower, the
 * view shows one idea at a time instead.
 */
export function gridFits(width: number, criteria: number): boolean {
	return width >= GRID.idea + criteria * GRID.criterion + GRID.status;
}

const GRID = { idea: 180, criterion: 106, status: 110 } as const;

/** Weights a facilitator picks from; the number field beside the slider takes any other. */
export const WEIGHT_SLIDER = { min: 0, max: 50, step: 1 } as const;

const suggestedOrder = new Map(DEFAULT_CRITERIA.map((c, i) => [c.id, i]));

/**
 * The criteria in force: the facilitator's, or the suggested ones the server falls back to while
 * none are set. Shown with the suggested ones first in their suggested order, then the others in
 * the order they were added (their ids start with the time, common/ids.ts), since readSettings
 * lists them alphabetically by id.
 */
export function activeCriteria(criteria: readonly Criterion[]): Criterion[] {
	const list = criteria.length > 0 ? [...criteria] : [...DEFAULT_CRITERIA];
	const order = (c: Criterion) => suggestedOrder.get(c.id) ?? DEFAULT_CRITERIA.length;
	return list.sort((a, b) => order(a) - order(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function isScore(value: unknown): value is number {
	return (
		Number.isInteger(value) &&
		(value as number) >= SCORECARD_RANGE.min &&
		(value as number) <= SCORECARD_RANGE.max
	);
}

/** A person's valid scores in an entry of their ballot, by criterion id; anything else is skipped. */
export function scoresOf(raw: unknown, criteria: readonly Criterion[]): Map<string, number> {
	const scores = new Map<string, number>();
	if (!isRecord(raw)) return scores;
	for (const criterion of criteria) {
		const score = Object.hasOwn(raw, criterion.id) ? raw[criterion.id] : undefined;
		if (isScore(score)) scores.set(criterion.id, score);
	}
	return scores;
}

/**
 * The entry after setting (or, with null, removing) one score. Scores for criteria that no longer
 * exist are dropped: the server would reject the whole entry for them, and they count for nothing.
 * Null when no score is left, so the caller clears the entry.
 */
export function withScore(
	raw: unknown,
	criteria: readonly Criterion[],
	criterionId: string,
	score: number | null
): ScorecardEntry | null {
	const scores = scoresOf(raw, criteria);
	if (score === null) scores.delete(criterionId);
	else scores.set(criterionId, score);
	return scores.size > 0 ? Object.fromEntries(scores) : null;
}

/** The entry without scores of criteria that no longer exist; null when nothing is left. */
export function prunedEntry(raw: unknown, criteria: readonly Criterion[]): ScorecardEntry | null {
	const scores = scoresOf(raw, criteria);
	return scores.size > 0 ? Object.fromEntries(scores) : null;
}

function readPart(raw: unknown): CriterionContribution | null {
	if (!isRecord(raw) || typeof raw.criterionId !== 'string') return null;
	const { count, median, contribution, weighted } = raw;
	if (![count, median, contribution, weighted].every(isFiniteNumber)) return null;
	return {
		criterionId: raw.criterionId,
		count: count as number,
		median: median as number,
		contribution: contribution as number,
		weighted: weighted as number
	};
}

/** One idea's scorecard result from the tally; null when malformed or hidden. */
export function readScorecardRow(raw: unknown): ScorecardRow | null {
	if (!isRecord(raw) || isHidden(raw) || typeof raw.ideaId !== 'string') return null;
	if (!Array.isArray(raw.breakdown)) return null;
	const breakdown = raw.breakdown.map(readPart).filter((part) => part !== null);
	return {
		ideaId: raw.ideaId,
		rank: numberOr(raw.rank, null),
		count: numberOr(raw.count, 0),
		composite: numberOr(raw.composite, null),
		breakdown
	};
}

/**
 * The ranking as the facilitator's current weights make it. The server re-derives the tally when a
 * weight changes, but the medians in its rows do not depend on weights (scorecard.ts, reweigh), so
 * recomputing here shows the new order at once, while the slider moves.
 *
 * Not `ranked` while the scorecard is blind: the rows are then the ideas the facilitator revealed
 * one by one, and a rank among them alone would read as their rank among all; they keep the ideas'
 * order, without a rank, as the server sends them.
 */
export function liveRanking(
	aggregates: ReadonlyMap<string, unknown>,
	ideaIds: readonly string[],
	criteria: readonly Criterion[],
	{ ranked = true }: { ranked?: boolean } = {}
): ScorecardRow[] {
	const rows: ScorecardRow[] = [];
	for (const ideaId of ideaIds) {
		const row = readScorecardRow(aggregates.get(ideaId));
		if (row) rows.push(row);
	}
	const reweighed = reweigh(rows, criteria);
	if (ranked) return reweighed;
	const position = new Map(ideaIds.map((id, i) => [id, i]));
	return reweighed
		.map((row) => ({ ...row, rank: null }))
		.sort((a, b) => position.get(a.ideaId)! - position.get(b.ideaId)!);
}

/** Each criterion's weight as a share of all weights (0 for each when they add up to 0). */
export function weightShares(criteria: readonly Criterion[]): Map<string, number> {
	const total = criteria.reduce((sum, c) => sum + c.weight, 0);
	return new Map(criteria.map((c) => [c.id, total > 0 ? c.weight / total : 0]));
}

/**
 * What a score input says beside a criterion's name: its share of the weights and, for a cost
 * criterion, which end of the scale is the bad one.
 */
export function criterionNote(criterion: Criterion, shares: ReadonlyMap<string, number>): string {
	const share = percent(shares.get(criterion.id) ?? 0);
	return criterion.direction === 'cost' ? `${share} · cost, 5 = worst` : share;
}

/** Why a weight typed by the facilitator cannot be used, or null. */
export function weightProblem(value: number): string | null {
	return Number.isFinite(value) && value >= 0 ? null : 'A weight is a number, 0 or more';
}

/** What the two ways of entering scores, ScoreGrid and ScoreOne (a phone's), are given. */
export interface ScoreEntryProps {
	items: readonly ScorecardItem[];
	/** What validate.ts refused before sending, by idea id. */
	local: ReadonlyMap<string, string>;
	criteria: readonly Criterion[];
	shares: ReadonlyMap<string, number>;
	canVote: boolean;
	votes: ReadonlyMap<string, number>;
	voters: number;
	/** The group's composite by idea id, formatted, for the ideas whose result may be shown. */
	groups: ReadonlyMap<string, string>;
	onscore: (ideaId: string, criterionId: string, score: number) => void;
	onclear: (ideaId: string) => void;
	onfix: (ideaId: string) => void;
}

/** One idea as the participant's score input shows it. */
export interface ScorecardItem {
	idea: Idea;
	/** 1-based position in the ideas list. */
	number: number;
	/** The person's valid scores, by criterion id. */
	scores: Map<string, number>;
	/** Why the entry does not count: the server's reason, or what validate.ts finds in it. */
	problem: string | null;
	/** The entry scores criteria that were removed, which makes the whole entry not count. */
	stale: boolean;
	/** The person's own composite from their scores, on the 1–5 scale. */
	yours: number | null;
}

export function scorecardItems(
	ideas: readonly Idea[],
	mine: ReadonlyMap<string, unknown>,
	rejected: ReadonlyMap<string, string>,
	criteria: readonly Criterion[]
): ScorecardItem[] {
	const ids = new Set(criteria.map((c) => c.id));
	return ideas.map((idea, i) => {
		const raw = mine.get(idea.id);
		const scores = scoresOf(raw, criteria);
		const checked = raw === undefined ? null : validateScorecard(raw, criteria);
		return {
			idea,
			number: i + 1,
			scores,
			problem: rejected.get(idea.id) ?? (checked && !checked.ok ? checked.reason : null),
			stale: isRecord(raw) && Object.keys(raw).some((key) => !ids.has(key)),
			yours: scores.size > 0 ? personalComposite(Object.fromEntries(scores), criteria) : null
		};
	});
}

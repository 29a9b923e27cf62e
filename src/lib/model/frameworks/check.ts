/**
 * What every framework's entry check shares: the result types, the helpers the checks in each
 * framework's `check.ts` are written with, and the shape they register (./registry.ts).
 */
import type { Placement } from '../board.ts';
import type { IceEntry } from './ice/ice.ts';
import type { Bucket } from './moscow/moscow.ts';
import type { Objective, OkrEntry } from './okr/okr.ts';
import type { RiceEntry } from './rice/rice.ts';
import type { Criterion, ScorecardEntry } from './scorecard/scorecard.ts';
import type { WsjfEntry } from './wsjf/wsjf.ts';

/**
 * Ballot entries come from a client's Yjs document, so they are untrusted JSON. A bad entry is
 * rejected with a reason its author can act on, never clamped into range: a silently changed vote is
 * worse than a visible error.
 */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The validated entry type of each framework. */
export interface EntryTypes {
	matrix: Placement;
	rice: RiceEntry;
	ice: IceEntry;
	wsjf: WsjfEntry;
	scorecard: ScorecardEntry;
	moscow: Bucket;
	okr: OkrEntry;
	dots: number;
	budget: number;
}

/** What an entry check returns for a bad entry, so a good one costs no allocation at all. */
export class Invalid {
	constructor(readonly reason: string) {}
}

/**
 * Checks one raw entry and returns it, typed, when it is valid. It does not copy: an object entry
 * may carry extra fields. Code that keeps or publishes entries uses the validate* functions or
 * validateBallot, which copy only the known fields.
 */
export type EntryCheck<T> = (raw: unknown) => T | Invalid;

/** A plain JSON object: not null, not an array, not an instance of some class. */
export function isRecord(raw: unknown): raw is Record<string, unknown> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
	const prototype = Object.getPrototypeOf(raw);
	return prototype === Object.prototype || prototype === null;
}

export function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

export function isIntegerIn(value: unknown, min: number, max: number): value is number {
	return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

export type Rule = readonly [name: string, valid: (value: unknown) => boolean, problem: string];

/**
 * Why an object-shaped entry is bad, every problem at once so its author fixes them in one go. Only
 * reached once the fast path has failed.
 */
export function problemsOf(raw: unknown, what: string, rules: readonly Rule[]): Invalid {
	if (!isRecord(raw)) return new Invalid(`${what} needs ${rules.map(([name]) => name).join(', ')}`);
	const problems = rules
		.filter(([name, valid]) => !valid(raw[name]))
		.map(([, , problem]) => problem);
	return new Invalid(problems.join('; '));
}

export interface ValidationSettings {
	/** The scorecard's criteria; without them every scorecard entry is rejected. */
	criteria?: readonly Criterion[];
	/** The OKR objectives; without them every link is rejected. */
	objectives?: readonly Objective[];
	dotsPerPerson?: number;
	budgetPerPerson?: number;
	/**
	 * The workshop's ideas. When given, entries for other ideas (deleted, maybe restored later) are
	 * set aside as `ignored`: not an error of their author, and not counted against an allowance.
	 */
	ideaIds?: ReadonlySet<string>;
}

export interface Rejection {
	ideaId: string;
	reason: string;
}

export interface BallotValidation<T> {
	valid: Map<string, T>;
	rejected: Rejection[];
	/** Entries for ideas not in `settings.ideaIds`. */
	ignored: string[];
}

/** How one framework's entries are checked and copied, as each framework's folder registers it. */
export interface EntryRules<T> {
	/** The per-entry check under a workshop's settings (the scorecard's criteria, the OKRs). */
	check: (settings: ValidationSettings) => EntryCheck<T>;
	/** A copy of a valid entry with only its known fields, safe to keep or publish. */
	copy: (entry: T) => T;
	/** The check of a ballot as a whole, after its entries' (an allowance must not be overspent). */
	checkBallot?: (result: BallotValidation<T>, settings: ValidationSettings) => void;
}

/** A checked entry as a Validation: a copy with only its known fields when it is valid. */
export function validation<T>(rules: EntryRules<T>, checked: T | Invalid): Validation<T> {
	return checked instanceof Invalid
		? { ok: false, reason: checked.reason }
		: { ok: true, value: rules.copy(checked) };
}

/**
 * An allowance (dots, budget) overspent as a whole: every non-zero entry is rejected, since which of
 * them to drop is the author's choice, not ours. It happens when two offline tabs each spend the
 * last dots and their edits merge.
 */
function checkAllowance(
	result: BallotValidation<number>,
	allowance: number,
	describe: (spent: number) => string
): void {
	let spent = 0;
	for (const amount of result.valid.values()) spent += amount;
	if (spent <= allowance) return;
	const reason = describe(spent);
	for (const [ideaId, amount] of result.valid) {
		if (amount === 0) continue;
		result.valid.delete(ideaId);
		result.rejected.push({ ideaId, reason });
	}
}

/**
 * The rules of a framework that spends an allowance (dots, budget): each entry a whole amount, 0
 * or more (else `problem`), and the ballot's amounts together within the allowance.
 */
export function allowanceEntries(
	problem: string,
	allowanceOf: (settings: ValidationSettings) => number,
	overspent: (spent: number, allowance: number) => string
): EntryRules<number> {
	const invalid = new Invalid(problem);
	const check: EntryCheck<number> = (raw) =>
		Number.isInteger(raw) && (raw as number) >= 0 ? (raw as number) : invalid;
	return {
		check: () => check,
		copy: (amount) => amount,
		checkBallot: (result, settings) => {
			const allowance = allowanceOf(settings);
			checkAllowance(result, allowance, (spent) => overspent(spent, allowance));
		}
	};
}

/**
 * The rules of a framework whose entry is checked the same under any settings (matrix, RICE, ICE,
 * WSJF), and the validate function that checks and copies one entry.
 */
export function fixedEntries<T>(
	check: EntryCheck<T>,
	copy: (entry: T) => T
): { entries: EntryRules<T>; validate: (raw: unknown) => Validation<T> } {
	const entries: EntryRules<T> = { check: () => check, copy };
	return { entries, validate: (raw) => validation(entries, check(raw)) };
}

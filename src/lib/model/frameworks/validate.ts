/**
 * Checking a ballot: each framework's entries by that framework's rules (its `check.ts`, found
 * through ./registry.ts), then the ballot as a whole.
 */
import { byId } from './ballot.ts';
import {
	Invalid,
	type BallotValidation,
	type EntryCheck,
	type EntryRules,
	type EntryTypes,
	type ValidationSettings
} from './check.ts';
import type { FrameworkId } from './index.ts';
import { ENTRY_RULES } from './registry.ts';

/**
 * The per-entry check of a framework, for code that validates many entries and keeps none of them
 * (computeAll). Dots and budget also need the ballot-level check of validateBallot.
 */
export function entryCheck<F extends FrameworkId>(
	framework: F,
	settings: ValidationSettings = {}
): EntryCheck<EntryTypes[F]> {
	return ENTRY_RULES[framework].check(settings);
}

/**
 * Validates every entry of one person's ballot for one framework, then the ballot as a whole (dots
 * and budget must not be overspent). Valid entries are copies with only their known fields;
 * rejections are listed by idea id.
 */
export function validateBallot<F extends FrameworkId>(
	framework: F,
	rawEntries: ReadonlyMap<string, unknown>,
	settings: ValidationSettings = {}
): BallotValidation<EntryTypes[F]> {
	const rules = ENTRY_RULES[framework] as EntryRules<EntryTypes[F]>;
	const check = rules.check(settings);
	const result: BallotValidation<EntryTypes[F]> = { valid: new Map(), rejected: [], ignored: [] };
	for (const [ideaId, raw] of rawEntries) {
		if (settings.ideaIds && !settings.ideaIds.has(ideaId)) {
			result.ignored.push(ideaId);
			continue;
		}
		const checked = check(raw);
		if (checked instanceof Invalid) result.rejected.push({ ideaId, reason: checked.reason });
		else result.valid.set(ideaId, rules.copy(checked));
	}
	rules.checkBallot?.(result, settings);
	result.rejected.sort((a, b) => byId(a.ideaId, b.ideaId));
	return result;
}

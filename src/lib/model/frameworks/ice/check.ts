import {
	isIntegerIn,
	isRecord,
	problemsOf,
	validation,
	type EntryCheck,
	type EntryRules,
	type Rule,
	type Validation
} from '../check.ts';
import { ICE_RANGE, type IceEntry } from './ice.ts';

const iceRange = (value: unknown) => isIntegerIn(value, ICE_RANGE.min, ICE_RANGE.max);
const iceProblem = (name: string) =>
	`${name} must be a whole number from ${ICE_RANGE.min} to ${ICE_RANGE.max}`;
const iceRules: readonly Rule[] = [
	['impact', iceRange, iceProblem('Impact')],
	['confidence', iceRange, iceProblem('Confidence')],
	['ease', iceRange, iceProblem('Ease')]
];

// The fast path reads fixed field names, which no Object.prototype member has, written out field
// by field because it runs for every entry of every ballot on each recompute.
export const checkIce: EntryCheck<IceEntry> = (raw) =>
	isRecord(raw) && iceRange(raw.impact) && iceRange(raw.confidence) && iceRange(raw.ease)
		? (raw as unknown as IceEntry)
		: problemsOf(raw, 'An ICE score', iceRules);

export const iceEntries: EntryRules<IceEntry> = {
	check: () => checkIce,
	copy: ({ impact, confidence, ease }) => ({ impact, confidence, ease })
};

/** Impact, confidence and ease, each a whole number from 1 to 10. */
export function validateIce(raw: unknown): Validation<IceEntry> {
	return validation(iceEntries, checkIce(raw));
}

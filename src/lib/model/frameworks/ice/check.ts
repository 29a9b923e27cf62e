import {
	fixedEntries,
	isIntegerIn,
	isRecord,
	problemsOf,
	type EntryCheck,
	type Rule
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

/** Impact, confidence and ease, each a whole number from 1 to 10. */
export const { entries: iceEntries, validate: validateIce } = fixedEntries(
	checkIce,
	({ impact, confidence, ease }) => ({ impact, confidence, ease })
);

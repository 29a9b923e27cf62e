import {
	fixedEntries,
	isNumber,
	isRecord,
	problemsOf,
	type EntryCheck,
	type Rule
} from '../check.ts';
import { RICE_CONFIDENCES, RICE_IMPACTS, RICE_MAX_EFFORT, type RiceEntry } from './rice.ts';

const riceImpacts: readonly unknown[] = RICE_IMPACTS;
const riceConfidences: readonly unknown[] = RICE_CONFIDENCES;
const reach = (v: unknown) => isNumber(v) && v >= 0;
const riceEffort = (v: unknown) => isNumber(v) && v > 0 && v <= RICE_MAX_EFFORT;
const riceRules: readonly Rule[] = [
	['reach', reach, 'Reach must be a number of people, 0 or more'],
	['impact', (v) => riceImpacts.includes(v), `Impact must be one of ${RICE_IMPACTS.join(', ')}`],
	[
		'confidence',
		(v) => riceConfidences.includes(v),
		`Confidence must be one of ${RICE_CONFIDENCES.join(', ')} (%)`
	],
	['effort', riceEffort, `Effort must be more than 0 and at most ${RICE_MAX_EFFORT} person-months`]
];

// The fast path reads fixed field names, which no Object.prototype member has, written out field
// by field because it runs for every entry of every ballot on each recompute.
export const checkRice: EntryCheck<RiceEntry> = (raw) =>
	isRecord(raw) &&
	reach(raw.reach) &&
	riceImpacts.includes(raw.impact) &&
	riceConfidences.includes(raw.confidence) &&
	riceEffort(raw.effort)
		? (raw as unknown as RiceEntry)
		: problemsOf(raw, 'A RICE estimate', riceRules);

/** Reach ≥ 0, impact and confidence on RICE's scales, effort in (0, 1000] person-months. */
export const { entries: riceEntries, validate: validateRice } = fixedEntries(
	checkRice,
	({ reach, impact, confidence, effort }) => ({ reach, impact, confidence, effort })
);

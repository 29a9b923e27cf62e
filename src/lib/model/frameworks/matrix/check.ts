import type { Placement } from '../../board.ts';
import {
	fixedEntries,
	isNumber,
	isRecord,
	problemsOf,
	type EntryCheck,
	type Rule
} from '../check.ts';

// Each fast path reads fixed field names, which no Object.prototype member has, written out field
// by field because it runs for every entry of every ballot on each recompute.
const percent = (value: unknown) => isNumber(value) && value >= 0 && value <= 100;
const matrixRules: readonly Rule[] = [
	['value', percent, 'Value must be a number from 0 to 100'],
	['effort', percent, 'Effort must be a number from 0 to 100']
];

export const checkMatrix: EntryCheck<Placement> = (raw) =>
	isRecord(raw) && percent(raw.value) && percent(raw.effort)
		? (raw as unknown as Placement)
		: problemsOf(raw, 'A placement', matrixRules);

/** Value and effort, each a number from 0 to 100. */
export const { entries: matrixEntries, validate: validateMatrix } = fixedEntries(
	checkMatrix,
	({ value, effort }) => ({ value, effort })
);

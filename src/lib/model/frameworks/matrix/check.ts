import type { Placement } from '../../board.ts';
import {
	isNumber,
	isRecord,
	problemsOf,
	validation,
	type EntryCheck,
	type EntryRules,
	type Rule,
	type Validation
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

export const matrixEntries: EntryRules<Placement> = {
	check: () => checkMatrix,
	copy: ({ value, effort }) => ({ value, effort })
};

/** Value and effort, each a number from 0 to 100. */
export function validateMatrix(raw: unknown): Validation<Placement> {
	return validation(matrixEntries, checkMatrix(raw));
}

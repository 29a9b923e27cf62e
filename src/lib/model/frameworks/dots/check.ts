import { allowanceEntries, validation, type Validation } from '../check.ts';
import { DEFAULT_DOTS } from './dots.ts';

export const dotsEntries = allowanceEntries(
	'Dots must be a whole number, 0 or more',
	(settings) => settings.dotsPerPerson ?? DEFAULT_DOTS,
	(spent, limit) =>
		`${spent} dots placed but each person has ${limit}: remove ${spent - limit} for your dots to count`
);

export function validateDots(raw: unknown): Validation<number> {
	return validation(dotsEntries, dotsEntries.check({})(raw));
}

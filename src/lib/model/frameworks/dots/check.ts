import {
	checkAllowance,
	validation,
	wholeAmount,
	type EntryRules,
	type Validation
} from '../check.ts';
import { DEFAULT_DOTS } from './dots.ts';

const checkDots = wholeAmount('Dots must be a whole number, 0 or more');

export const dotsEntries: EntryRules<number> = {
	check: () => checkDots,
	copy: (amount) => amount,
	checkBallot: (result, settings) => {
		const limit = settings.dotsPerPerson ?? DEFAULT_DOTS;
		checkAllowance(
			result,
			limit,
			(spent) =>
				`${spent} dots placed but each person has ${limit}: remove ${spent - limit} for your dots to count`
		);
	}
};

export function validateDots(raw: unknown): Validation<number> {
	return validation(dotsEntries, checkDots(raw));
}

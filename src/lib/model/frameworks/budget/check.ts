import {
	checkAllowance,
	validation,
	wholeAmount,
	type EntryRules,
	type Validation
} from '../check.ts';
import { DEFAULT_BUDGET } from './budget.ts';

const checkBudget = wholeAmount('A pledge must be a whole amount, 0 or more');

export const budgetEntries: EntryRules<number> = {
	check: () => checkBudget,
	copy: (amount) => amount,
	checkBallot: (result, settings) => {
		const limit = settings.budgetPerPerson ?? DEFAULT_BUDGET;
		checkAllowance(
			result,
			limit,
			(spent) =>
				`${spent} pledged but each person has ${limit}: take back ${spent - limit} for your pledges to count`
		);
	}
};

export function validateBudget(raw: unknown): Validation<number> {
	return validation(budgetEntries, checkBudget(raw));
}

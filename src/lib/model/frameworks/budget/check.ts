import { allowanceEntries, validation, type Validation } from '../check.ts';
import { DEFAULT_BUDGET } from './budget.ts';

export const budgetEntries = allowanceEntries(
	'A pledge must be a whole amount, 0 or more',
	(settings) => settings.budgetPerPerson ?? DEFAULT_BUDGET,
	(spent, limit) =>
		`${spent} pledged but each person has ${limit}: take back ${spent - limit} for your pledges to count`
);

export function validateBudget(raw: unknown): Validation<number> {
	return validation(budgetEntries, budgetEntries.check({})(raw));
}

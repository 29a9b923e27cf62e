import type { WorkshopShape } from '../aggregates.ts';
import { keepUnchanged, sameFlat } from '../changes.ts';
import type { EntryTable } from '../entry-table.ts';
import { summarizeBudget, type BudgetSummary } from './budget.ts';

/**
 * Buy a feature's summary from its table and the prices; `last` when neither a pledge nor a price
 * changed, unchanged rows kept from it.
 */
export function budgetAggregate(
	table: EntryTable,
	workshop: WorkshopShape,
	last: BudgetSummary | null | undefined,
	prices: ReadonlyMap<string, number>,
	pricesChanged: boolean
): BudgetSummary {
	if (last && table.dirty.length === 0 && !pricesChanged) return last;
	table.clean();
	const summary = summarizeBudget(
		table.allowances(workshop.ideaIds, workshop.voters),
		prices,
		workshop.settings.budgetPerPerson
	);
	if (last) keepUnchanged(last.ideas, summary.ideas, sameFlat);
	return summary;
}

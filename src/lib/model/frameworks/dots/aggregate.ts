import type { WorkshopShape } from '../aggregates.ts';
import { keepUnchanged, sameFlat } from '../changes.ts';
import type { EntryTable } from '../entry-table.ts';
import { summarizeDots, type DotsSummary } from './dots.ts';

/** Dot voting's summary from its table; `last` when no dot moved, unchanged rows kept from it. */
export function dotsAggregate(
	table: EntryTable,
	workshop: WorkshopShape,
	last: DotsSummary | null | undefined
): DotsSummary {
	if (last && table.dirty.length === 0) return last;
	table.clean();
	const summary = summarizeDots(
		table.allowances(workshop.ideaIds, workshop.voters),
		workshop.settings.dotsPerPerson
	);
	if (last) keepUnchanged(last.ideas, summary.ideas, sameFlat);
	return summary;
}

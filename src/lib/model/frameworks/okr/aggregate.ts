import type { WorkshopShape } from '../aggregates.ts';
import type { IdeaVotes } from '../ballot.ts';
import type { EntryTable } from '../entry-table.ts';
import { summarizeOkrVotes, type OkrEntry, type OkrSummary } from './okr.ts';

/** The OKR map's summary from its table; `last` when no link changed. */
export function okrAggregate(
	table: EntryTable,
	workshop: WorkshopShape,
	last: OkrSummary | null | undefined
): OkrSummary {
	if (last && table.dirty.length === 0) return last;
	table.clean();
	const { ideaIds, voters, settings } = workshop;
	const votes = new Map<string, IdeaVotes<OkrEntry>>();
	for (let i = 0; i < ideaIds.length; i++) {
		const group = table.group<OkrEntry>(i, voters);
		if (group.entries.length > 0) votes.set(ideaIds[i], group);
	}
	return summarizeOkrVotes(votes, settings.objectives ?? [], ideaIds, settings.leadershipCap);
}

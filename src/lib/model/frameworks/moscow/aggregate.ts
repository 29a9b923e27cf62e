import type { WorkshopAggregates, WorkshopShape } from '../aggregates.ts';
import type { EntryTable } from '../entry-table.ts';
import { capWeights, weightingOf } from '../leadership.ts';
import {
	bucketsOf,
	moscowRow,
	mustEffortShare,
	orderMoscowRows,
	type Bucket,
	type MoscowRow
} from './moscow.ts';

/** MoSCoW's rows, kept between updates: only ideas whose placements changed are summarized again. */
export class MoscowResults {
	/** Per idea: its row, undefined when nobody placed it and it has no final bucket. */
	readonly #rows: (MoscowRow | undefined)[];

	constructor(ideas: number) {
		this.#rows = new Array(ideas);
	}

	/** The rows and the Musts' share of effort; `last` when neither placements nor effort changed. */
	update(
		table: EntryTable,
		workshop: WorkshopShape,
		last: WorkshopAggregates['moscow'] | undefined,
		effortByIdea: ReadonlyMap<string, number>,
		effortChanged: boolean
	): WorkshopAggregates['moscow'] {
		if (last && table.dirty.length === 0 && !effortChanged) return last;
		const { ideaIds, ideaIndex, voters, settings } = workshop;
		const finals = settings.finalBuckets ?? new Map<string, Bucket>();
		let rows: MoscowRow[];
		if (last && table.dirty.length === 0) rows = last.rows;
		else {
			// Fresh, every idea: one nobody placed has a row when it has a final bucket.
			const changed = last ? table.dirty : ideaIds.map((_, i) => i);
			for (const i of changed) {
				const group = table.group<Bucket>(i, voters);
				const placed = group.entries;
				const final = finals.get(ideaIds[i]) ?? null;
				const weighting = weightingOf(group.voters, settings.leadershipCap);
				const weights = weighting ? capWeights(weighting.isLeader, weighting.cap) : null;
				this.#rows[i] =
					placed.length > 0 || final !== null
						? moscowRow(ideaIds[i], placed, final, weights)
						: undefined;
			}
			table.clean();
			rows = [];
			for (const row of this.#rows) if (row) rows.push(row);
			// A final bucket may be set for an idea that is gone; it still shows.
			for (const [ideaId, final] of finals) {
				if (!ideaIndex.has(ideaId)) rows.push(moscowRow(ideaId, [], final));
			}
			orderMoscowRows(rows);
		}
		return {
			rows,
			mustEffort: mustEffortShare(bucketsOf(rows), effortByIdea, settings.mustShare)
		};
	}
}

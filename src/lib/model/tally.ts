import type * as Y from 'yjs';

/**
 * The maps of the `tally` document (docs/documents.md) that exports read as they are: the server
 * writes them, so they hold only what this person may see. `aggregates`: `<framework>|<ideaId>` →
 * the group result; `individual`: `<framework>|<ideaId>|<userId>` → one person's entry.
 */
export function tallyEntries(tally: Y.Doc): {
	aggregates: Y.Map<unknown>;
	individual: Y.Map<unknown>;
} {
	return { aggregates: tally.getMap('aggregates'), individual: tally.getMap('individual') };
}

import * as Y from 'yjs';
import { ideasMap } from './board.ts';

/**
 * A board idea's link to the product backlog idea it came from, with that idea's demand as it was
 * when the room got it (the `backlog` field of a board idea, docs/documents.md). People's names and
 * emails never reach a room: counts and company names only.
 */
export interface BacklogRef {
	/** The backlog idea's id (products' `ideas` table). */
	ideaId: string;
	productId: string;
	requesters: number;
	companies: number;
	arr: number;
	/** Up to 10 company names, biggest ARR first. */
	companyNames: string[];
	/** When the demand was read, ms since the epoch. */
	at: number;
}

export const BACKLOG_FIELD = 'backlog';

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** The backlog link of a board idea, or null when it has none or it is malformed. */
export function readBacklogRef(doc: Y.Doc, boardIdeaId: string): BacklogRef | null {
	const entry = ideasMap(doc).get(boardIdeaId);
	if (!(entry instanceof Y.Map)) return null;
	const raw = entry.get(BACKLOG_FIELD) as Record<string, unknown> | undefined;
	if (typeof raw !== 'object' || raw === null) return null;
	if (typeof raw.ideaId !== 'string' || typeof raw.productId !== 'string') return null;
	const names = Array.isArray(raw.companyNames) ? raw.companyNames : [];
	return {
		ideaId: raw.ideaId,
		productId: raw.productId,
		requesters: count(raw.requesters),
		companies: count(raw.companies),
		arr: count(raw.arr),
		companyNames: names.filter((n): n is string => typeof n === 'string').slice(0, 10),
		at: count(raw.at)
	};
}

/** Sets (or refreshes) a board idea's backlog link. */
export function writeBacklogRef(doc: Y.Doc, boardIdeaId: string, ref: BacklogRef): void {
	const entry = ideasMap(doc).get(boardIdeaId);
	if (entry instanceof Y.Map)
		entry.set(BACKLOG_FIELD, { ...ref, companyNames: [...ref.companyNames] });
}

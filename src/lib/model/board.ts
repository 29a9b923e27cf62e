import * as Y from 'yjs';

/**
 * The `board` document of a workshop (see docs/documents.md, which is the contract).
 * Readers are defensive: any member may write the board, so a malformed entry is skipped, never
 * trusted.
 */

export const LIMITS = { ideas: 500, title: 200, description: 2000 } as const;

export interface Idea {
	id: string;
	title: string;
	description: string;
	createdBy: string;
	createdAt: number;
	/**
	 * Distinct requesters of the product backlog idea it came from (its `backlog` field, see
	 * backlog.ts), as the room got them; absent for an idea the room added itself.
	 */
	requesters?: number;
}

/**
 * A person's judgement of an idea on the value/effort matrix, each axis 0–100: the entry of the
 * `matrix` framework in their ballot (see docs/documents.md).
 */
export interface Placement {
	value: number;
	effort: number;
}

export class BoardError extends Error {
	name = 'BoardError';
}

export function ideasMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('ideas');
}

/**
 * The map the first version of the matrix kept placements in. The board no longer holds scores
 * (they live in ballots, see docs/documents.md) and the app never reads it; it stays only because
 * bench/sync-targets.ts still writes its load there. Remove it once the bench writes elsewhere.
 */
export function placementsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('placements');
}

function readIdea(id: string, entry: unknown): Idea | null {
	if (!(entry instanceof Y.Map)) return null;
	const title = entry.get('title');
	if (typeof title !== 'string' || title.trim() === '') return null;
	const description = entry.get('description');
	const createdBy = entry.get('createdBy');
	const createdAt = entry.get('createdAt');
	const backlog = entry.get('backlog') as { requesters?: unknown } | undefined;
	const requesters =
		typeof backlog === 'object' && backlog !== null ? backlog.requesters : undefined;
	return {
		id,
		title: title.slice(0, LIMITS.title),
		description: typeof description === 'string' ? description.slice(0, LIMITS.description) : '',
		createdBy: typeof createdBy === 'string' ? createdBy : '',
		createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0,
		...(typeof requesters === 'number' &&
			Number.isInteger(requesters) &&
			requesters >= 0 && { requesters })
	};
}

/** The ideas, oldest first (ties broken by id so every replica shows the same order). */
export function readIdeas(doc: Y.Doc): Idea[] {
	const ideas: Idea[] = [];
	ideasMap(doc).forEach((entry, id) => {
		const idea = readIdea(id, entry);
		if (idea) ideas.push(idea);
	});
	return ideas.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

function checkText(title: string, description: string) {
	if (title.trim() === '') throw new BoardError('An idea needs a title');
	if (title.length > LIMITS.title) {
		throw new BoardError(`A title can have at most ${LIMITS.title} characters`);
	}
	if (description.length > LIMITS.description) {
		throw new BoardError(`A description can have at most ${LIMITS.description} characters`);
	}
}

function newIdeaId(): string {
	const bytes = new Uint8Array(8);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function addIdea(
	doc: Y.Doc,
	input: { title: string; description?: string; createdBy: string },
	now = Date.now()
): string {
	const description = input.description?.trim() ?? '';
	checkText(input.title, description);
	if (ideasMap(doc).size >= LIMITS.ideas) {
		throw new BoardError(`A workshop can hold at most ${LIMITS.ideas} ideas`);
	}
	const id = newIdeaId();
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		entry.set('title', input.title.trim());
		entry.set('description', description);
		entry.set('createdBy', input.createdBy);
		entry.set('createdAt', now);
		ideasMap(doc).set(id, entry);
	});
	return id;
}

export function updateIdea(
	doc: Y.Doc,
	id: string,
	patch: { title?: string; description?: string }
): void {
	const entry = ideasMap(doc).get(id);
	if (!(entry instanceof Y.Map)) throw new BoardError('This idea was deleted');
	const current = readIdea(id, entry);
	checkText(patch.title ?? current?.title ?? '', patch.description ?? '');
	doc.transact(() => {
		if (patch.title !== undefined) entry.set('title', patch.title.trim());
		if (patch.description !== undefined) entry.set('description', patch.description.trim());
	});
}

/** An idea someone deleted, kept so a facilitator can restore it and its author can see why. */
export interface DeletedIdea extends Idea {
	deletedBy: string;
	deletedAt: number;
}

/** Deleted ideas by id (see docs/documents.md): the idea's fields plus who deleted it and when. */
export function deletedMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('deleted');
}

/** Ideas deleted and not restored, most recent first. */
export function readDeleted(doc: Y.Doc): DeletedIdea[] {
	const deleted: DeletedIdea[] = [];
	deletedMap(doc).forEach((entry, id) => {
		const idea = readIdea(id, entry);
		if (!idea || ideasMap(doc).has(id)) return;
		const deletedBy = entry.get('deletedBy');
		const deletedAt = entry.get('deletedAt');
		deleted.push({
			...idea,
			deletedBy: typeof deletedBy === 'string' ? deletedBy : '',
			deletedAt: typeof deletedAt === 'number' ? deletedAt : 0
		});
	});
	return deleted.sort((a, b) => b.deletedAt - a.deletedAt || (a.id < b.id ? -1 : 1));
}

/**
 * Deletes an idea into the `deleted` list. Scores of it stay in the ballots, where only their
 * authors may change them; the tally leaves them out while the idea is gone, and counts them
 * again if it is restored.
 */
export function deleteIdea(doc: Y.Doc, id: string, deletedBy = '', now = Date.now()): void {
	const idea = readIdea(id, ideasMap(doc).get(id));
	doc.transact(() => {
		ideasMap(doc).delete(id);
		if (!idea) return;
		const entry = new Y.Map<unknown>();
		for (const [key, value] of Object.entries(idea)) if (key !== 'id') entry.set(key, value);
		entry.set('deletedBy', deletedBy);
		entry.set('deletedAt', now);
		deletedMap(doc).set(id, entry);
	});
}

/** Puts an idea back as it was (undo of a delete), keeping its id and creation time. */
export function restoreIdea(doc: Y.Doc, idea: Idea): void {
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		entry.set('title', idea.title);
		entry.set('description', idea.description);
		entry.set('createdBy', idea.createdBy);
		entry.set('createdAt', idea.createdAt);
		ideasMap(doc).set(idea.id, entry);
		deletedMap(doc).delete(idea.id);
	});
}

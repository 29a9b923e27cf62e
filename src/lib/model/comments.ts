import * as Y from 'yjs';
import { BoardError } from './board.ts';

/**
 * The discussion of each idea: short comments in the board document's `comments` map (see
 * docs/documents.md), so they arrive live like the ideas and are kept with the workshop.
 */

export const COMMENT_LIMIT = 500;

export interface Comment {
	id: string;
	ideaId: string;
	text: string;
	/** The author's user id. */
	by: string;
	at: number;
}

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('comments');
}

/** Every idea's comments, oldest first, by idea id. Malformed entries are skipped. */
export function readComments(doc: Y.Doc): Map<string, Comment[]> {
	const byIdea = new Map<string, Comment[]>();
	commentsMap(doc).forEach((entry, id) => {
		if (!(entry instanceof Y.Map)) return;
		const ideaId = entry.get('ideaId');
		const text = entry.get('text');
		const by = entry.get('by');
		const at = entry.get('at');
		if (typeof ideaId !== 'string' || typeof text !== 'string' || text.trim() === '') return;
		const comment = {
			id,
			ideaId,
			text: text.slice(0, COMMENT_LIMIT),
			by: typeof by === 'string' ? by : '',
			at: typeof at === 'number' ? at : 0
		};
		const list = byIdea.get(ideaId) ?? [];
		list.push(comment);
		byIdea.set(ideaId, list);
	});
	for (const list of byIdea.values()) list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
	return byIdea;
}

export function addComment(
	doc: Y.Doc,
	input: { ideaId: string; text: string; by: string },
	now = Date.now()
): string {
	const text = input.text.trim();
	if (text === '') throw new BoardError('A comment needs some text');
	if (text.length > COMMENT_LIMIT) {
		throw new BoardError(`A comment can have at most ${COMMENT_LIMIT} characters`);
	}
	const bytes = new Uint8Array(8);
	crypto.getRandomValues(bytes);
	const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		entry.set('ideaId', input.ideaId);
		entry.set('text', text);
		entry.set('by', input.by);
		entry.set('at', now);
		commentsMap(doc).set(id, entry);
	});
	return id;
}

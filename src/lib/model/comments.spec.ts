import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, readComments } from './comments.ts';

describe('addComment and readComments', () => {
	it('keeps each idea’s comments oldest first, and skips malformed entries', () => {
		const doc = new Y.Doc();
		addComment(doc, { ideaId: 'a', text: ' second ', by: 'u2' }, 20);
		addComment(doc, { ideaId: 'a', text: 'first', by: 'u1' }, 10);
		addComment(doc, { ideaId: 'b', text: 'other', by: 'u1' }, 15);
		doc.getMap('comments').set('junk', 'not a map');
		const comments = readComments(doc);
		expect(comments.get('a')?.map((c) => [c.text, c.by])).toEqual([
			['first', 'u1'],
			['second', 'u2']
		]);
		expect(comments.get('b')).toHaveLength(1);
	});

	it('refuses an empty comment', () => {
		expect(() => addComment(new Y.Doc(), { ideaId: 'a', text: '  ', by: 'u' })).toThrow(
			'needs some text'
		);
	});
});

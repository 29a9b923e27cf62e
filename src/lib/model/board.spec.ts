import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addIdea,
	BoardError,
	deleteIdea,
	readDeleted,
	ideasMap,
	LIMITS,
	readIdeas,
	restoreIdea,
	updateIdea
} from './board.ts';

describe('addIdea', () => {
	it('adds an idea that every replica reads back the same', () => {
		const a = new Y.Doc();
		const id = addIdea(a, { title: '  Dark mode ', description: 'Users ask', createdBy: 'u1' }, 5);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readIdeas(b)).toEqual([
			{ id, title: 'Dark mode', description: 'Users ask', createdBy: 'u1', createdAt: 5 }
		]);
	});

	it('refuses an empty or overlong title with a clear error', () => {
		const doc = new Y.Doc();
		expect(() => addIdea(doc, { title: '   ', createdBy: 'u1' })).toThrow('An idea needs a title');
		expect(() => addIdea(doc, { title: 'x'.repeat(LIMITS.title + 1), createdBy: 'u1' })).toThrow(
			BoardError
		);
		expect(readIdeas(doc)).toEqual([]);
	});
});

describe('readIdeas', () => {
	it('orders ideas by creation time', () => {
		const doc = new Y.Doc();
		addIdea(doc, { title: 'second', createdBy: 'u' }, 20);
		addIdea(doc, { title: 'first', createdBy: 'u' }, 10);
		expect(readIdeas(doc).map((i) => i.title)).toEqual(['first', 'second']);
	});

	it('skips entries another client wrote in the wrong shape', () => {
		const doc = new Y.Doc();
		addIdea(doc, { title: 'good', createdBy: 'u' }, 1);
		(ideasMap(doc) as Y.Map<unknown>).set('junk', 42);
		const noTitle = new Y.Map<unknown>();
		ideasMap(doc).set('untitled', noTitle);
		noTitle.set('title', 7);
		expect(readIdeas(doc).map((i) => i.title)).toEqual(['good']);
	});
});

describe('readIdeas with backlog ideas', () => {
	it("[FB12] gives an idea from the backlog its requesters, and the room's own ideas none", () => {
		const doc = new Y.Doc();
		const asked = addIdea(doc, { title: 'Dark mode', createdBy: 'u' }, 1);
		addIdea(doc, { title: 'Our own', createdBy: 'u' }, 2);
		const broken = addIdea(doc, { title: 'Broken ref', createdBy: 'u' }, 3);
		ideasMap(doc).get(asked)!.set('backlog', { ideaId: 'i1', productId: 'p', requesters: 37 });
		ideasMap(doc).get(broken)!.set('backlog', { ideaId: 'i2', productId: 'p', requesters: -1 });
		expect(readIdeas(doc).map((idea) => [idea.title, idea.requesters])).toEqual([
			['Dark mode', 37],
			['Our own', undefined],
			['Broken ref', undefined]
		]);
		expect('requesters' in readIdeas(doc)[1]).toBe(false);
	});
});

describe('updateIdea', () => {
	it('changes the title and keeps the rest', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'old', description: 'd', createdBy: 'u' }, 1);
		updateIdea(doc, id, { title: 'new' });
		expect(readIdeas(doc)[0]).toMatchObject({ title: 'new', description: 'd' });
	});
});

describe('deleteIdea and restoreIdea', () => {
	it('removes the idea, and undo brings it back with its id and creation time', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'x', createdBy: 'u' }, 3);
		const [idea] = readIdeas(doc);
		deleteIdea(doc, id);
		expect(readIdeas(doc)).toEqual([]);
		restoreIdea(doc, idea);
		expect(readIdeas(doc)).toEqual([idea]);
	});

	it('keeps a deleted idea with who deleted it until it is restored', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'x', createdBy: 'author' }, 3);
		const [idea] = readIdeas(doc);
		deleteIdea(doc, id, 'facilitator', 10);
		expect(readDeleted(doc)).toEqual([{ ...idea, deletedBy: 'facilitator', deletedAt: 10 }]);
		restoreIdea(doc, idea);
		expect(readDeleted(doc)).toEqual([]);
		expect(readIdeas(doc)).toEqual([idea]);
	});
});

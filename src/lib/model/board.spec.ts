import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addIdea,
	BoardError,
	deleteIdea,
	ideasMap,
	LIMITS,
	parsePlacementKey,
	placementsMap,
	readIdeas,
	readPlacementAt,
	readPlacements,
	restoreIdea,
	setPlacement,
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

describe('updateIdea', () => {
	it('changes the title and keeps the rest', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'old', description: 'd', createdBy: 'u' }, 1);
		updateIdea(doc, id, { title: 'new' });
		expect(readIdeas(doc)[0]).toMatchObject({ title: 'new', description: 'd' });
	});
});

describe('deleteIdea and restoreIdea', () => {
	it('removes the idea with its placements, and undo brings the idea back', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'x', createdBy: 'u' }, 3);
		setPlacement(doc, id, 'u', { value: 10, effort: 20 });
		const [idea] = readIdeas(doc);
		deleteIdea(doc, id);
		expect(readIdeas(doc)).toEqual([]);
		expect(placementsMap(doc).size).toBe(0);
		restoreIdea(doc, idea);
		expect(readIdeas(doc)).toEqual([idea]);
	});
});

describe('readPlacements', () => {
	it('groups placements by idea and user and ignores bad entries', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'x', createdBy: 'u' }, 1);
		setPlacement(doc, id, 'ann', { value: 70, effort: 30 });
		setPlacement(doc, id, 'bob', { value: 150, effort: -4 });
		placementsMap(doc).set(`${id}|eve`, { value: 'high', effort: 3 });
		placementsMap(doc).set(`gone|ann`, { value: 1, effort: 1 });
		const placements = readPlacements(doc);
		expect([...placements.keys()]).toEqual([id]);
		expect(Object.fromEntries(placements.get(id)!)).toEqual({
			ann: { value: 70, effort: 30 },
			// setPlacement keeps a dragged point on the board
			bob: { value: 100, effort: 0 }
		});
	});
});

describe('parsePlacementKey', () => {
	it('splits at the first bar', () => {
		expect(parsePlacementKey('idea1|user|x')).toEqual({ ideaId: 'idea1', userId: 'user|x' });
	});

	it.each(['', 'nobar', '|user', 'idea|'])('refuses the malformed key %j', (key) => {
		expect(parsePlacementKey(key)).toBeNull();
	});
});

describe('readPlacementAt', () => {
	it('reads one entry as readPlacements does, and null when it is absent or malformed', () => {
		const doc = new Y.Doc();
		setPlacement(doc, 'i', 'ann', { value: 70, effort: 30 });
		placementsMap(doc).set('i|eve', { value: 'high', effort: 3 });
		expect(readPlacementAt(doc, 'i|ann')).toEqual({ value: 70, effort: 30 });
		expect(readPlacementAt(doc, 'i|eve')).toBeNull();
		expect(readPlacementAt(doc, 'i|bob')).toBeNull();
	});
});

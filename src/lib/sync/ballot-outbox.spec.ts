import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { coveredBy, pendingEntries, uncountedEntries } from './ballot-outbox.ts';

/** The update one change to a ballot produces. */
function change(doc: Y.Doc, act: (doc: Y.Doc) => void): Uint8Array {
	let update: Uint8Array = new Uint8Array();
	const capture = (u: Uint8Array) => (update = u);
	doc.once('update', capture);
	act(doc);
	return update;
}

describe('coveredBy', () => {
	it('vouches for an update once the server state vector includes its items', () => {
		const doc = new Y.Doc();
		const first = change(doc, (d) => d.getMap('dots').set('a', 1));
		const server = Y.decodeStateVector(Y.encodeStateVector(doc));
		const second = change(doc, (d) => d.getMap('dots').set('b', 2));
		expect(coveredBy(first, server)).toBe(true);
		expect(coveredBy(second, server)).toBe(false);
	});

	it('does not vouch for an update the server has never seen', () => {
		const doc = new Y.Doc();
		const update = change(doc, (d) => d.getMap('moscow').set('a', 'must'));
		expect(coveredBy(update, new Map())).toBe(false);
		expect(coveredBy(update, new Map([[doc.clientID + 1, 100]]))).toBe(false);
	});

	it('never vouches for an update that only deletes, whatever the state vector says', () => {
		const doc = new Y.Doc();
		change(doc, (d) => d.getMap('dots').set('a', 1));
		const deletion = change(doc, (d) => d.getMap('dots').delete('a'));
		const server = Y.decodeStateVector(Y.encodeStateVector(doc));
		expect(coveredBy(deletion, server)).toBe(false);
	});
});

describe('pendingEntries', () => {
	it('counts each entry once, however many changes touched it', () => {
		const update = new Uint8Array();
		expect(pendingEntries([])).toBe(0);
		expect(
			pendingEntries([
				{ update, entries: ['matrix|a'] },
				{ update, entries: ['matrix|a', 'dots|b'] },
				{ update, entries: ['dots|b'] }
			])
		).toBe(2);
	});
});

describe('uncountedEntries', () => {
	it('names each entry of the changes the server does not have once, by framework and idea', () => {
		const doc = new Y.Doc();
		const refused = [
			{ update: change(doc, (d) => d.getMap('dots').set('b', 1)), entries: ['dots|b'] },
			{ update: change(doc, (d) => d.getMap('matrix').set('a', {})), entries: ['matrix|a'] },
			{ update: change(doc, (d) => d.getMap('dots').set('b', 2)), entries: ['dots|b'] }
		];
		expect(uncountedEntries(refused, new Y.Doc())).toEqual([
			{ framework: 'dots', ideaId: 'b' },
			{ framework: 'matrix', ideaId: 'a' }
		]);
	});

	it('leaves out a change the server has: it arrived before the connection dropped', () => {
		const doc = new Y.Doc();
		const server = new Y.Doc();
		const sent = change(doc, (d) => d.getMap('dots').set('a', 1));
		Y.applyUpdate(server, sent);
		const refused = [
			{ update: sent, entries: ['dots|a'] },
			{ update: change(doc, (d) => d.getMap('dots').set('b', 1)), entries: ['dots|b'] }
		];
		expect(uncountedEntries(refused, server)).toEqual([{ framework: 'dots', ideaId: 'b' }]);
	});

	it('skips names that are no framework’s entry (a stored outbox is read defensively)', () => {
		const update = change(new Y.Doc(), (d) => d.getMap('dots').set('c', 1));
		expect(
			uncountedEntries([{ update, entries: ['rejected|a', 'dots', 'dots|c'] }], new Y.Doc())
		).toEqual([{ framework: 'dots', ideaId: 'c' }]);
	});
});

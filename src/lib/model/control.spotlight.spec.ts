import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSpotlight, writeSpotlight } from './control.ts';

describe('readSpotlight', () => {
	it('reads nothing from a workshop that never had a spotlight', () => {
		expect(readSpotlight(new Y.Doc())).toBeNull();
	});

	it.each([42, '', 'a b', '"]{x}', 'x'.repeat(65)])('ignores the malformed idea id %j', (value) => {
		const doc = new Y.Doc();
		doc.getMap('spotlight').set('ideaId', value);
		expect(readSpotlight(doc)).toBeNull();
	});
});

describe('writeSpotlight', () => {
	it('puts an idea in the spotlight, replaces it, and clears it', () => {
		const doc = new Y.Doc();
		writeSpotlight(doc, 'a1b2c3d4e5f60718');
		expect(readSpotlight(doc)).toBe('a1b2c3d4e5f60718');
		writeSpotlight(doc, '0123456789abcdef');
		expect(readSpotlight(doc)).toBe('0123456789abcdef');
		writeSpotlight(doc, null);
		expect(readSpotlight(doc)).toBeNull();
	});

	it('reaches a late joiner through the document’s state', () => {
		const facilitator = new Y.Doc();
		writeSpotlight(facilitator, 'a1b2c3d4e5f60718');
		const late = new Y.Doc();
		Y.applyUpdate(late, Y.encodeStateAsUpdate(facilitator));
		expect(readSpotlight(late)).toBe('a1b2c3d4e5f60718');
	});
});

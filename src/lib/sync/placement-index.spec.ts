import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addIdea,
	clearPlacement,
	deleteIdea,
	placementsMap,
	readPlacements,
	setPlacement
} from '$lib/model/board.ts';
import { PlacementIndex } from './placement-index.ts';

/** An index that follows the document as BoardSync wires it. */
function follow(doc: Y.Doc) {
	const index = new PlacementIndex(doc);
	placementsMap(doc).observe((event) => index.apply(event.keysChanged));
	return index;
}

function plain(placements: ReadonlyMap<string, ReadonlyMap<string, unknown>>) {
	return Object.fromEntries([...placements].map(([id, users]) => [id, Object.fromEntries(users)]));
}

describe('PlacementIndex', () => {
	it('reads what is already in the document', () => {
		const doc = new Y.Doc();
		const id = addIdea(doc, { title: 'x', createdBy: 'u' });
		setPlacement(doc, id, 'ann', { value: 70, effort: 30 });
		expect(plain(new PlacementIndex(doc).read())).toEqual(plain(readPlacements(doc)));
	});

	it('agrees with readPlacements through a seeded run of random changes', () => {
		const doc = new Y.Doc();
		const index = follow(doc);
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const ideas = [0, 1, 2, 3].map((i) => addIdea(doc, { title: `idea ${i}`, createdBy: 'u' }));
		const users = ['ann', 'bob', 'cy'];
		for (let step = 0; step < 300; step++) {
			const idea = ideas[Math.floor(random() * ideas.length)];
			const user = users[Math.floor(random() * users.length)];
			const roll = random();
			if (roll < 0.6)
				setPlacement(doc, idea, user, { value: random() * 100, effort: random() * 100 });
			else if (roll < 0.8) clearPlacement(doc, idea, user);
			else if (roll < 0.85) placementsMap(doc).set(`${idea}|${user}`, { value: 'bad', effort: 1 });
			else if (roll < 0.9) deleteIdea(doc, idea);
			else ideas.push(addIdea(doc, { title: `idea ${step}`, createdBy: 'u' }));
			expect(plain(index.read())).toEqual(plain(readPlacements(doc)));
		}
	});

	it('keeps the map of an idea nobody changed, and replaces the one that changed', () => {
		const doc = new Y.Doc();
		const index = follow(doc);
		const a = addIdea(doc, { title: 'a', createdBy: 'u' });
		const b = addIdea(doc, { title: 'b', createdBy: 'u' });
		setPlacement(doc, a, 'ann', { value: 1, effort: 1 });
		setPlacement(doc, b, 'ann', { value: 2, effort: 2 });
		const before = index.read();
		setPlacement(doc, a, 'ann', { value: 3, effort: 3 });
		const after = index.read();
		expect(after.get(b)).toBe(before.get(b));
		expect(after.get(a)).not.toBe(before.get(a));
		expect(after.get(a)?.get('ann')).toEqual({ value: 3, effort: 3 });
	});

	it('hides the placements of a deleted idea', () => {
		const doc = new Y.Doc();
		const index = follow(doc);
		const a = addIdea(doc, { title: 'a', createdBy: 'u' });
		setPlacement(doc, a, 'ann', { value: 1, effort: 1 });
		deleteIdea(doc, a);
		expect(index.read().size).toBe(0);
	});
});

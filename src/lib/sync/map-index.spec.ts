import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { follow, groupByFirstSegment, GroupedIndex, MapIndex } from './map-index.ts';

const count = (raw: unknown) => (typeof raw === 'number' && raw >= 0 ? raw : null);

function plain(map: ReadonlyMap<string, unknown>) {
	return Object.fromEntries(map);
}

/** What a GroupedIndex should hold, read from scratch. */
function expected(map: Y.Map<unknown>, group: string) {
	const entries: Record<string, unknown> = {};
	map.forEach((raw, key) => {
		const bar = key.indexOf('|');
		if (bar <= 0 || bar === key.length - 1 || key.slice(0, bar) !== group) return;
		const value = count(raw);
		if (value !== null) entries[key.slice(bar + 1)] = value;
	});
	return entries;
}

describe('GroupedIndex', () => {
	it('reads what is already in the map, grouped by the part of the key before the first bar', () => {
		const doc = new Y.Doc();
		const map = doc.getMap<unknown>('votes');
		map.set('rice|a', 2);
		map.set('rice|b|c', 1);
		map.set('ice|a', 'three');
		map.set('nobar', 1);
		const index = new GroupedIndex(map, count);
		expect(plain(index.group('rice'))).toEqual({ a: 2, 'b|c': 1 });
		expect(index.group('ice').size).toBe(0);
		expect(index.group('matrix').size).toBe(0);
	});

	it('agrees with a fresh read through a seeded run of random changes', () => {
		const doc = new Y.Doc();
		const map = doc.getMap<unknown>('votes');
		const index = new GroupedIndex(map, count);
		follow(map, index);
		let seed = 11;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const groups = ['rice', 'ice', 'matrix'];
		const ideas = ['a', 'b', 'c', 'd'];
		for (let step = 0; step < 300; step++) {
			const key = `${groups[Math.floor(random() * 3)]}|${ideas[Math.floor(random() * 4)]}`;
			const roll = random();
			doc.transact(() => {
				if (roll < 0.6) map.set(key, Math.floor(random() * 5));
				else if (roll < 0.8) map.delete(key);
				else map.set(key, { bad: true });
				if (random() < 0.2) map.set(`rice|${ideas[Math.floor(random() * 4)]}`, 1);
			});
			for (const group of groups) expect(plain(index.group(group))).toEqual(expected(map, group));
		}
	});

	it('keeps the map of a group nobody changed, and replaces the one that changed', () => {
		const doc = new Y.Doc();
		const map = doc.getMap<unknown>('votes');
		const index = new GroupedIndex(map, count);
		follow(map, index);
		map.set('rice|a', 1);
		map.set('ice|a', 1);
		const rice = index.group('rice');
		const ice = index.group('ice');
		map.set('rice|a', 2);
		expect(index.group('ice')).toBe(ice);
		expect(index.group('rice')).not.toBe(rice);
		expect(index.group('rice').get('a')).toBe(2);
	});
});

describe('MapIndex', () => {
	it('follows a map and skips values its reader refuses', () => {
		const doc = new Y.Doc();
		const map = doc.getMap<unknown>('summary');
		map.set('rice', 3);
		const index = new MapIndex(map, count);
		follow(map, index);
		map.set('ice', -1);
		map.set('wsjf', 4);
		const before = index.entries;
		expect(plain(before)).toEqual({ rice: 3, wsjf: 4 });
		map.delete('rice');
		expect(plain(index.entries)).toEqual({ wsjf: 4 });
		expect(index.entries).not.toBe(before);
	});
});

describe('groupByFirstSegment', () => {
	it('groups `<idea>|<user>` keys by idea, keeping the rest of the key', () => {
		const groups = groupByFirstSegment(
			new Map([
				['a|ann', 1],
				['a|bob', 2],
				['b|ann', 3],
				['nobar', 4]
			]),
			(user, value) => `${user}:${value}`
		);
		expect(Object.fromEntries(groups)).toEqual({ a: ['ann:1', 'bob:2'], b: ['ann:3'] });
	});
});

import { describe, expect, it } from 'vitest';
import {
	changeCount,
	rankChange,
	scoreChange,
	versionRows,
	type DiffJson
} from './versions-view.ts';

describe('rankChange', () => {
	it.each([
		[5, 3, 'up 2 (#5 → #3)', 'up'],
		[1, 4, 'down 3 (#1 → #4)', 'down'],
		[null, 3, 'new at #3', 'new'],
		[2, null, 'no longer ranked (was #2)', 'gone'],
		[2, 2, 'same rank', 'same']
	] as const)('from %s to %s reads "%s"', (fromRank, toRank, text, direction) => {
		expect(rankChange({ fromRank, toRank })).toEqual({ text, direction });
	});
});

describe('scoreChange', () => {
	it('shows both scores, a dash for none, and nothing when unchanged', () => {
		expect(scoreChange({ fromScore: 5, toScore: 9.5 })).toBe('5 → 9.5');
		expect(scoreChange({ fromScore: null, toScore: 3 })).toBe('— → 3');
		expect(scoreChange({ fromScore: 4, toScore: 4 })).toBe('');
	});
});

describe('changeCount', () => {
	it('counts every added, removed, renamed, moved and re-bucketed idea', () => {
		const idea = { id: 'a', title: 'A', description: '' };
		const move = { id: 'a', title: 'A', fromRank: 1, toRank: 2, fromScore: 1, toScore: 1 };
		const diff: DiffJson = {
			from: 'x',
			to: 'y',
			added: [idea],
			removed: [],
			renamed: [{ id: 'a', from: 'A', to: 'B' }],
			moves: { rice: [move, move], ice: [move] },
			bucketChanges: [{ id: 'a', title: 'A', from: 'must', to: null }]
		};
		expect(changeCount(diff)).toBe(6);
		expect(changeCount({ ...diff, added: [], renamed: [], moves: {}, bucketChanges: [] })).toBe(0);
	});
});

describe('versionRows', () => {
	it('lists ranked ideas by rank, then unranked ones in their order', () => {
		const version = {
			name: 'v',
			createdAt: '',
			ideas: [
				{ id: 'a', title: 'A', description: '' },
				{ id: 'b', title: 'B', description: '' },
				{ id: 'c', title: 'C', description: '' }
			],
			rankings: { rice: { c: { rank: 1, score: 9 }, a: { rank: 2, score: 3 } } },
			buckets: {}
		};
		expect(versionRows(version, 'rice').map((r) => [r.id, r.rank])).toEqual([
			['c', 1],
			['a', 2],
			['b', null]
		]);
		expect(versionRows(version, null).map((r) => r.id)).toEqual(['a', 'b', 'c']);
	});
});

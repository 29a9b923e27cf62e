import { describe, expect, it } from 'vitest';
import type { BallotOf } from '../ballot.ts';
import { okrSankey, summarizeOkr, type Objective, type OkrEntry } from './okr.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

const objectives: Objective[] = [
	{
		id: 'o1',
		title: 'Grow revenue',
		keyResults: [
			{ id: 'kr1', title: 'ARR +20 %' },
			{ id: 'kr2', title: 'Churn under 3 %' }
		]
	},
	{ id: 'o2', title: 'Delight users', keyResults: [{ id: 'kr3', title: 'NPS 50' }] },
	{ id: 'o3', title: 'Not broken down yet', keyResults: [] }
];

const ballots: BallotOf<OkrEntry>[] = [
	{
		voter: voter('a'),
		entries: new Map<string, OkrEntry>([
			['x', { kr1: 'strong', kr3: 'weak' }],
			['y', { kr1: 'medium' }]
		])
	},
	{
		voter: voter('b'),
		entries: new Map<string, OkrEntry>([
			['x', { kr1: 'medium' }],
			['y', {}]
		])
	},
	{
		voter: voter('c'),
		entries: new Map<string, OkrEntry>([['x', { kr1: 'strong', gone: 'strong' }]])
	}
];

describe('summarizeOkr', () => {
	const summary = summarizeOkr(ballots, objectives, ['x', 'y', 'z']);

	it('takes the median strength among the people who drew each link', () => {
		// kr1–x: strong 3, medium 2, strong 3 → sorted 2 3 3, median 3, by 3 people
		// kr1–y: medium 2 by one person (b linked y to nothing, which is not a weak link)
		// kr3–x: weak 1 by one person; the link to the removed key result "gone" is not counted
		expect(summary.links).toEqual([
			{ ideaId: 'x', objectiveId: 'o1', keyResultId: 'kr1', strength: 3, count: 3 },
			{ ideaId: 'y', objectiveId: 'o1', keyResultId: 'kr1', strength: 2, count: 1 },
			{ ideaId: 'x', objectiveId: 'o2', keyResultId: 'kr3', strength: 1, count: 1 }
		]);
	});

	it('flags ideas nobody linked as unaligned', () => {
		expect(summary.unaligned).toEqual(['z']);
	});

	it('covers an objective by the share of its key results with an idea linked', () => {
		// o1: kr1 linked, kr2 not → 1 / 2; o2: 1 / 1; o3 has no key results → 0
		expect(summary.coverage).toEqual([
			{ objectiveId: 'o1', covered: 1, total: 2, share: 0.5 },
			{ objectiveId: 'o2', covered: 1, total: 1, share: 1 },
			{ objectiveId: 'o3', covered: 0, total: 0, share: 0 }
		]);
	});

	it('weighs each level of the map by the links below it, keeping empty key results', () => {
		// o1 = kr1 (3 + 2) + kr2 (0) = 5; o2 = kr3 (1) = 1
		expect(summary.map).toEqual([
			{
				id: 'o1',
				title: 'Grow revenue',
				weight: 5,
				keyResults: [
					{
						id: 'kr1',
						title: 'ARR +20 %',
						weight: 5,
						ideas: [
							{ ideaId: 'x', weight: 3, count: 3 },
							{ ideaId: 'y', weight: 2, count: 1 }
						]
					},
					{ id: 'kr2', title: 'Churn under 3 %', weight: 0, ideas: [] }
				]
			},
			{
				id: 'o2',
				title: 'Delight users',
				weight: 1,
				keyResults: [
					{ id: 'kr3', title: 'NPS 50', weight: 1, ideas: [{ ideaId: 'x', weight: 1, count: 1 }] }
				]
			},
			{ id: 'o3', title: 'Not broken down yet', weight: 0, keyResults: [] }
		]);
	});

	it('flags every idea as unaligned when nobody voted', () => {
		const empty = summarizeOkr([], objectives, ['x', 'y']);
		expect(empty.links).toEqual([]);
		expect(empty.unaligned).toEqual(['x', 'y']);
		expect(empty.coverage.map((c) => c.share)).toEqual([0, 0, 0]);
	});
});

describe('okrSankey', () => {
	it('turns the map into flows objective → key result → idea, each idea one node', () => {
		const { map } = summarizeOkr(ballots, objectives, ['x', 'y', 'z']);
		expect(okrSankey(map)).toEqual({
			nodes: [
				{ id: 'objective:o1', kind: 'objective', ref: 'o1' },
				{ id: 'key-result:kr1', kind: 'key-result', ref: 'kr1' },
				{ id: 'idea:x', kind: 'idea', ref: 'x' },
				{ id: 'idea:y', kind: 'idea', ref: 'y' },
				{ id: 'objective:o2', kind: 'objective', ref: 'o2' },
				{ id: 'key-result:kr3', kind: 'key-result', ref: 'kr3' }
			],
			links: [
				{ source: 'objective:o1', target: 'key-result:kr1', value: 5 },
				{ source: 'key-result:kr1', target: 'idea:x', value: 3 },
				{ source: 'key-result:kr1', target: 'idea:y', value: 2 },
				{ source: 'objective:o2', target: 'key-result:kr3', value: 1 },
				{ source: 'key-result:kr3', target: 'idea:x', value: 1 }
			]
		});
	});
});

import { describe, expect, it } from 'vitest';
import type { BallotOf } from '../ballot.ts';
import {
	bucketsOf,
	consensusBucket,
	mustEffortShare,
	summarizeMoscow,
	type Bucket
} from './moscow.ts';

const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });

describe('consensusBucket', () => {
	it('takes the bucket most people chose', () => {
		expect(consensusBucket({ must: 1, should: 3, could: 0, wont: 2 })).toBe('should');
	});

	it('breaks a tie toward the more important bucket', () => {
		expect(consensusBucket({ must: 2, should: 2, could: 1, wont: 0 })).toBe('must');
		expect(consensusBucket({ must: 0, should: 0, could: 1, wont: 1 })).toBe('could');
	});

	it('is null when nobody placed the idea', () => {
		expect(consensusBucket({ must: 0, should: 0, could: 0, wont: 0 })).toBeNull();
	});
});

describe('summarizeMoscow', () => {
	const placements: Record<string, Bucket[]> = {
		a: ['must', 'must', 'should', 'could'],
		b: ['should', 'could', 'could', 'wont'],
		c: ['wont', 'wont']
	};
	const ballots: BallotOf<Bucket>[] = [0, 1, 2, 3].map((i) => ({
		voter: voter(`u${i}`),
		entries: new Map(
			Object.entries(placements)
				.filter(([, buckets]) => i < buckets.length)
				.map(([ideaId, buckets]) => [ideaId, buckets[i]])
		)
	}));

	it('counts each bucket and measures agreement with the consensus', () => {
		const rows = summarizeMoscow(ballots);
		// a: must 2 of 4 → 0.5; b: could 2 of 4 → 0.5; c: wont 2 of 2 → 1
		expect(rows).toEqual([
			{
				ideaId: 'a',
				count: 4,
				counts: { must: 2, should: 1, could: 1, wont: 0 },
				consensus: 'must',
				agreement: 0.5,
				final: null,
				bucket: 'must'
			},
			{
				ideaId: 'b',
				count: 4,
				counts: { must: 0, should: 1, could: 2, wont: 1 },
				consensus: 'could',
				agreement: 0.5,
				final: null,
				bucket: 'could'
			},
			{
				ideaId: 'c',
				count: 2,
				counts: { must: 0, should: 0, could: 0, wont: 2 },
				consensus: 'wont',
				agreement: 1,
				final: null,
				bucket: 'wont'
			}
		]);
	});

	it('puts an idea in the facilitator’s final bucket, even one nobody placed', () => {
		const rows = summarizeMoscow(
			ballots,
			new Map<string, Bucket>([
				['b', 'must'],
				['d', 'should']
			])
		);
		expect(rows.map((r) => [r.ideaId, r.consensus, r.final, r.bucket])).toEqual([
			['a', 'must', null, 'must'],
			['b', 'could', 'must', 'must'],
			['d', null, 'should', 'should'],
			['c', 'wont', null, 'wont']
		]);
		expect(rows.find((r) => r.ideaId === 'd')).toMatchObject({ count: 0, agreement: 0 });
	});

	it('gives full agreement for one voter and no rows for none', () => {
		const one = [{ voter: voter('u1'), entries: new Map<string, Bucket>([['a', 'could']]) }];
		expect(summarizeMoscow(one)[0]).toMatchObject({ consensus: 'could', agreement: 1 });
		expect(summarizeMoscow([])).toEqual([]);
	});
});

describe('bucketsOf', () => {
	it('takes the final bucket, or the consensus until there is one', () => {
		const rows = summarizeMoscow(
			[
				{
					voter: voter('u1'),
					entries: new Map<string, Bucket>([
						['a', 'could'],
						['b', 'wont']
					])
				}
			],
			new Map<string, Bucket>([['b', 'must']])
		);
		expect(bucketsOf(rows)).toEqual(
			new Map([
				['b', 'must'],
				['a', 'could']
			])
		);
	});
});

describe('mustEffortShare', () => {
	const buckets = new Map<string, Bucket>([
		['a', 'must'],
		['b', 'must'],
		['d', 'should'],
		['c', 'wont'],
		['e', 'could']
	]);
	const effort = new Map([
		['a', 30],
		['b', 20],
		['c', 100],
		['d', 50]
	]);

	it('divides the Musts’ effort by the effort of everything but the Won’ts', () => {
		// must 30 + 20 = 50; planned 30 + 20 + 50 = 100 (c is a Won't, e has no effort) → 0.5
		expect(mustEffortShare(buckets, effort)).toEqual({
			mustEffort: 50,
			totalEffort: 100,
			share: 0.5,
			warning: false,
			unestimated: ['e']
		});
	});

	it('warns only when the share is above the threshold', () => {
		expect(mustEffortShare(buckets, effort, 0.4).warning).toBe(true);
		expect(mustEffortShare(buckets, effort, 0.5).warning).toBe(false);
	});

	it('warns by default above 60 %', () => {
		// must 70 of 100
		const heavy = new Map([
			['a', 70],
			['d', 30]
		]);
		expect(mustEffortShare(buckets, heavy)).toMatchObject({ share: 0.7, warning: true });
	});

	it('is 0 without any effort', () => {
		expect(mustEffortShare(new Map(), new Map())).toMatchObject({ share: 0, warning: false });
	});
});

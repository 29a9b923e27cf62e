import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSettings, setLeadershipCap } from '../control.ts';
import { computeAll } from './aggregator.ts';
import type { Voter } from './ballot.ts';
import { capWeights } from './leadership.ts';
import { weightedMedian } from './stats.ts';

const leader = (userId: string): Voter => ({ userId, name: userId, function: 'Leadership' });
const engineer = (userId: string): Voter => ({ userId, name: userId, function: 'Engineering' });

describe('capWeights', () => {
	it('gives each of 2 leaders among 4 people a third, so they weigh 25 % together', () => {
		// w = 0.25 × 2 / (0.75 × 2) = 1/3; leaders 2/3 of 8/3 in all = 25 %
		expect(capWeights([true, true, false, false], 0.25)).toEqual([1 / 3, 1 / 3, 1, 1]);
	});

	it('leaves everyone at 1 when Leadership is within the cap, alone, or there is no cap', () => {
		expect(capWeights([true, false, false, false, false], 0.25)).toBeNull(); // 20 %
		expect(capWeights([true, true], 0.25)).toBeNull();
		expect(capWeights([true, true, false], undefined)).toBeNull();
	});
});

describe('weightedMedian', () => {
	it('is the ordinary median with equal weights', () => {
		expect(weightedMedian([40, 10, 30, 20], [1, 1, 1, 1])).toBe(25);
		expect(weightedMedian([3, 1, 2], [2, 2, 2])).toBe(2);
	});

	it('is the value where the running weight passes half', () => {
		// In order 20 (1), 30 (1), 80 (⅓), 90 (⅓): half of 8/3 is 4/3, passed at 30.
		expect(weightedMedian([90, 80, 20, 30], [1 / 3, 1 / 3, 1, 1])).toBe(30);
	});
});

describe('computeAll with a Leadership cap', () => {
	const voters = [leader('l1'), leader('l2'), engineer('e1'), engineer('e2')];

	it('weighs two leaders among four people at 25 % on the matrix, RICE-like fields and consensus', () => {
		const matrix = [
			{ value: 90, effort: 10 },
			{ value: 80, effort: 20 },
			{ value: 20, effort: 70 },
			{ value: 30, effort: 60 }
		];
		const ice = [
			{ impact: 10, confidence: 10, ease: 10 },
			{ impact: 10, confidence: 10, ease: 10 },
			{ impact: 2, confidence: 2, ease: 2 },
			{ impact: 4, confidence: 4, ease: 4 }
		];
		const input = {
			ideaIds: ['a'],
			ballots: voters.map((voter, i) => ({
				voter,
				frameworks: { matrix: new Map([['a', matrix[i]]]), ice: new Map([['a', ice[i]]]) }
			}))
		};
		const plain = computeAll({ ...input, settings: { enabled: ['matrix', 'ice'] } });
		const capped = computeAll({
			...input,
			settings: { enabled: ['matrix', 'ice'], leadershipCap: 0.25 }
		});
		// Without the cap: (30 + 80) / 2 = 55 and (20 + 60) / 2 = 40.
		expect(plain.matrix?.rows[0].median).toEqual({ value: 55, effort: 40 });
		// Value in order 20 (1), 30 (1), 80 (⅓), 90 (⅓): half of 8/3 passed at 30. Effort in order
		// 10 (⅓), 20 (⅓), 60 (1), 70 (1): running ⅓, ⅔, 5/3 > 4/3 at 60.
		expect(capped.matrix?.rows[0].median).toEqual({ value: 30, effort: 60 });
		expect(capped.matrix?.consensus.ideas[0].median).toBe(30);
		// Each function's own median is unchanged: Leadership still says 85.
		expect(capped.matrix?.consensus.ideas[0].byFunction).toContainEqual({
			function: 'Leadership',
			count: 2,
			median: 85
		});
		// ICE fields in order 2 (1), 4 (1), 10 (⅓), 10 (⅓): 4 each, so 4 × 4 × 4 = 64 (plain 7³).
		expect(plain.ice?.rows[0].score).toBe(343);
		expect(capped.ice?.rows[0]).toMatchObject({
			median: { impact: 4, confidence: 4, ease: 4 },
			score: 64
		});
	});

	it('lets three leaders among five outvote two others on MoSCoW only without the cap', () => {
		const five = [...voters, leader('l3')];
		const buckets = ['must', 'must', 'could', 'could', 'must'];
		const input = {
			ideaIds: ['a'],
			ballots: five.map((voter, i) => ({
				voter,
				frameworks: { moscow: new Map([['a', buckets[i]]]) }
			}))
		};
		const plain = computeAll({ ...input, settings: { enabled: ['moscow'] } });
		expect(plain.moscow?.rows[0]).toMatchObject({ consensus: 'must', agreement: 0.6 });
		// w = 0.25 × 2 / (0.75 × 3) = 2/9: Must weighs 2/3, Could 2; agreement 2 / (8/3) = 0.75.
		const capped = computeAll({ ...input, settings: { enabled: ['moscow'], leadershipCap: 0.25 } });
		expect(capped.moscow?.rows[0]).toMatchObject({
			consensus: 'could',
			counts: { must: 3, should: 0, could: 2, wont: 0 }
		});
		expect(capped.moscow?.rows[0].agreement).toBeCloseTo(0.75, 12);
	});
});

describe('setLeadershipCap', () => {
	it('stores a share from 5 % to 95 %, and lifts the cap with null', () => {
		const doc = new Y.Doc();
		expect(readSettings(doc).leadershipCap).toBeUndefined();
		setLeadershipCap(doc, 0.25);
		expect(readSettings(doc).leadershipCap).toBe(0.25);
		expect(() => setLeadershipCap(doc, 1)).toThrow(RangeError);
		setLeadershipCap(doc, null);
		expect(readSettings(doc).leadershipCap).toBeUndefined();
		doc.getMap('settings').set('leadershipCap', 'half');
		expect(readSettings(doc).leadershipCap).toBeUndefined();
	});
});

import { describe, expect, it } from 'vitest';
import type { Idea } from '$lib/model/board.ts';
import {
	byDivergence,
	consensusOf,
	numericFrameworks,
	pickFramework,
	rankingOf,
	scaleOf
} from './results.ts';

function idea(id: string, title = id): Idea {
	return { id, title, description: '', createdBy: 'u', createdAt: 0 };
}

const ideas = [idea('a', 'Alpha'), idea('b', 'Beta'), idea('c', 'Gamma')];

describe('numericFrameworks', () => {
	it('keeps the enabled frameworks that give one number per person, in the UI order', () => {
		expect(numericFrameworks(['moscow', 'rice', 'matrix', 'dots', 'scorecard'])).toEqual([
			'matrix',
			'rice',
			'scorecard'
		]);
	});
});

describe('pickFramework', () => {
	it('keeps the picked framework while it is available, else takes the first', () => {
		expect(pickFramework('rice', ['matrix', 'rice'])).toBe('rice');
		expect(pickFramework('ice', ['matrix', 'rice'])).toBe('matrix');
		expect(pickFramework(null, [])).toBeNull();
	});
});

describe('rankingOf', () => {
	const ranking = (rank: number, score: number, extra: Record<string, unknown> = {}) => ({
		ranking: {
			rank,
			score,
			voters: 3,
			spread: 1.5,
			pulledUpBy: ['Sales'],
			pulledDownBy: ['Engineering', 7],
			...extra
		}
	});

	it('lists existing ideas by rank with the functions that pull them', () => {
		const result = rankingOf(
			ideas,
			new Map<string, Record<string, unknown>>([
				['c', ranking(1, 90)],
				['a', ranking(2, 40)],
				['gone', ranking(1, 99)]
			])
		);
		expect(result.rows.map((r) => [r.ideaId, r.rank, r.number, r.score])).toEqual([
			['c', 1, 3, 90],
			['a', 2, 1, 40]
		]);
		expect(result.rows[0].pulledUpBy).toEqual(['Sales']);
		expect(result.rows[0].pulledDownBy).toEqual(['Engineering']);
	});

	it('counts hidden rows and skips malformed ones', () => {
		const result = rankingOf(
			ideas,
			new Map<string, Record<string, unknown>>([
				['a', { ideaId: 'a', count: 2, hidden: true }],
				['b', ranking(1, Number.NaN)],
				['c', { ranking: null }]
			])
		);
		expect(result).toEqual({ rows: [], hidden: 1 });
	});
});

describe('consensusOf and byDivergence', () => {
	const consensus = (divergence: number | null, spread: number) => ({
		consensus: {
			count: 4,
			median: 50,
			spread,
			divergence,
			byFunction: [
				{ function: 'Sales', count: 2, median: 70 },
				{ function: 'Engineering', count: 2, median: 'x' }
			]
		}
	});
	const aggregates = new Map<string, Record<string, unknown>>([
		['a', consensus(0.1, 5)],
		['b', consensus(null, 30)],
		['c', consensus(0.4, 1)]
	]);

	it('reads each idea’s consensus, skipping malformed function medians', () => {
		const [a] = consensusOf(ideas, aggregates);
		expect(a).toEqual({
			ideaId: 'a',
			count: 4,
			median: 50,
			spread: 5,
			divergence: 0.1,
			byFunction: [{ function: 'Sales', count: 2, median: 70 }]
		});
	});

	it('orders the most divergent first and ideas one function scored last', () => {
		expect(byDivergence(consensusOf(ideas, aggregates)).map((c) => c.ideaId)).toEqual([
			'c',
			'a',
			'b'
		]);
	});
});

describe('scaleOf', () => {
	it('prefers the tally’s scale, then the framework’s, then the medians’ range', () => {
		expect(scaleOf('rice', { scale: { min: 2, max: 900 } }, [])).toEqual({ min: 2, max: 900 });
		expect(scaleOf('matrix', null, [])).toEqual({ min: 0, max: 100 });
		const observed = consensusOf(
			ideas,
			new Map([
				[
					'a',
					{
						consensus: {
							count: 2,
							median: 40,
							spread: 0,
							divergence: 1,
							byFunction: [{ function: 'Sales', count: 1, median: 400 }]
						}
					}
				]
			])
		);
		expect(scaleOf('rice', null, observed)).toEqual({ min: 40, max: 400 });
	});
});

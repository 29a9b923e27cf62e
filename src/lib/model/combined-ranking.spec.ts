import { describe, expect, it } from 'vitest';
import { combinedRanking } from './combined-ranking.ts';

const scores = (entries: Record<string, Record<string, number>>) =>
	new Map(Object.entries(entries).map(([voter, s]) => [voter, new Map(Object.entries(s))]));

describe('combinedRanking', () => {
	it('ranks by the mean of normalised ranks, as computed by hand', () => {
		// RICE means: a 10, b 6, c 2 → ranks a 0, b 0.5, c 1.
		const rice = scores({ u: { a: 12, b: 6, c: 1 }, v: { a: 8, b: 6, c: 3 } });
		// Matrix means: c 90, a 60, b 20 → ranks c 0, a 0.5, b 1.
		const matrix = scores({ u: { a: 60, b: 20, c: 90 } });
		// Combined: a (0 + 0.5) / 2 = 0.25, c (1 + 0) / 2 = 0.5, b (0.5 + 1) / 2 = 0.75.
		const rows = combinedRanking(['a', 'b', 'c'], [rice, matrix], { samples: 0 });
		expect(rows.map((r) => [r.ideaId, r.rank, r.score])).toEqual([
			['a', 1, 0.25],
			['c', 2, 0.5],
			['b', 3, 0.75]
		]);
	});

	it('counts how often each idea stays in the top places when the voters are resampled', () => {
		// Two voters who disagree: resampled, each of a and b is first in about half the samples.
		const dots = scores({ u: { a: 2, b: 1 }, v: { a: 1, b: 3 } });
		let seed = 1;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const rows = combinedRanking(['a', 'b'], [dots], { topK: 1, samples: 2000, random });
		const share = new Map(rows.map((r) => [r.ideaId, r.topShare]));
		// Samples {u,u} → a first, {v,v} → b first, {u,v} → b (mean 2 vs 1.5): a in ~25 %.
		expect(share.get('a')).toBeCloseTo(0.25, 1);
		expect(share.get('b')).toBeCloseTo(0.75, 1);
	});

	it('leaves out an idea no framework scored', () => {
		const rice = scores({ u: { a: 1 } });
		expect(combinedRanking(['a', 'z'], [rice], { samples: 0 }).map((r) => r.ideaId)).toEqual(['a']);
	});
});

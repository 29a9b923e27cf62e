import { describe, expect, it } from 'vitest';
import {
	reweigh,
	summarizeScorecard,
	type Criterion,
	type ScorecardEntry,
	type ScorecardRow
} from './frameworks/scorecard/scorecard.ts';
import { mulberry32 } from './random.ts';
import { sensitivity } from './sensitivity.ts';

const criterion = (id: string, weight: number, direction: Criterion['direction'] = 'benefit') => ({
	id,
	name: id.toUpperCase(),
	weight,
	direction
});

/** Rows from one voter, so each criterion's median is that voter's score. */
function rowsOf(scores: Record<string, ScorecardEntry>, criteria: Criterion[]): ScorecardRow[] {
	const voter = { userId: 'u', name: 'u', function: 'Product' };
	return summarizeScorecard([{ voter, entries: new Map(Object.entries(scores)) }], criteria);
}

describe('mulberry32', () => {
	it('repeats its sequence for a seed and stays in [0, 1)', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		const draws = Array.from({ length: 1000 }, () => a());
		expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
		expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(draws.reduce((sum, x) => sum + x, 0) / 1000).toBeCloseTo(0.5, 1);
		expect(mulberry32(43)()).not.toBe(draws[0]);
	});
});

describe('sensitivity', () => {
	it('puts an idea that is better on every criterion first in every weighting', () => {
		// a beats b on each criterion (on the cost one, 1 → 6 − 1 = 5 beats 3 → 3), so any positive
		// weights make a's composite the larger.
		const criteria = [criterion('c1', 2), criterion('c2', 1), criterion('c3', 1, 'cost')];
		const rows = rowsOf({ a: { c1: 5, c2: 4, c3: 1 }, b: { c1: 4, c2: 3, c3: 3 } }, criteria);
		const result = sensitivity({ rows, criteria });
		expect(result.ideas).toEqual([
			{
				ideaId: 'a',
				rank: 1,
				firstShare: 1,
				ranks: { min: 1, median: 1, max: 1 },
				text: '#1 in every weighting'
			},
			{
				ideaId: 'b',
				rank: 2,
				firstShare: 0,
				ranks: { min: 2, median: 2, max: 2 },
				text: '#1 in no weighting'
			}
		]);
		expect(result.topSwap).toMatchObject({
			first: 'a',
			second: 'b',
			change: null,
			text: 'No single weight change within [0, 3×] swaps them'
		});
	});

	it('splits two mirror-image ideas about evenly at equal weights', () => {
		// a = (5 w1 + w2) / (w1 + w2), b = (w1 + 5 w2) / (w1 + w2): a is first exactly when w1 > w2,
		// and w1, w2 are independent and identically drawn, so in half the weightings.
		const criteria = [criterion('c1', 10), criterion('c2', 10)];
		const rows = rowsOf({ a: { c1: 5, c2: 1 }, b: { c1: 1, c2: 5 } }, criteria);
		const result = sensitivity({ rows, criteria, draws: 2000, seed: 7 });
		const [a, b] = result.ideas;
		expect(a.firstShare).toBeGreaterThan(0.45);
		expect(a.firstShare).toBeLessThan(0.55);
		expect(a.firstShare + b.firstShare).toBe(1);
		expect(a.ranks).toMatchObject({ min: 1, max: 2 });
		expect(a.text).toMatch(/^#1 in \d\d % of weightings$/);
		expect(result.topSwap).toMatchObject({ tied: true, change: null });
	});

	it('gives each idea a rank range: a clear leader, then two that trade places', () => {
		const criteria = [criterion('c1', 1), criterion('c2', 1)];
		const rows = rowsOf(
			{ lead: { c1: 5, c2: 5 }, x: { c1: 4, c2: 2 }, y: { c1: 2, c2: 4 } },
			criteria
		);
		const result = sensitivity({ rows, criteria });
		const ranges = Object.fromEntries(
			result.ideas.map((i) => [i.ideaId, [i.ranks.min, i.ranks.max]])
		);
		expect(ranges).toEqual({ lead: [1, 1], x: [2, 3], y: [2, 3] });
	});

	it('without variation, ranks every draw as the scorecard does', () => {
		const criteria = [criterion('c1', 3), criterion('c2', 1), criterion('c3', 2, 'cost')];
		const rows = rowsOf(
			{
				a: { c1: 3, c2: 5, c3: 2 },
				b: { c1: 4, c2: 1, c3: 4 },
				c: { c1: 2, c2: 2 },
				d: { c1: 5, c2: 3, c3: 5 }
			},
			criteria
		);
		const result = sensitivity({ rows, criteria, variation: 0, draws: 10 });
		const expected = reweigh(rows, criteria).map((row) => [row.ideaId, row.rank]);
		expect(result.ideas.map((i) => [i.ideaId, i.ranks.min])).toEqual(expected);
		expect(result.ideas.map((i) => [i.ideaId, i.ranks.max])).toEqual(expected);
		expect(result.ideas[0].firstShare).toBe(1);
	});

	it('finds the smallest single weight change that swaps the top two', () => {
		// a = (5 w1 + 1 w2) / (w1 + w2) = 3, b = (2 w1 + 3 w2) / (w1 + w2) = 2.5 at w1 = w2 = 1.
		// w1 = x: 5x + 1 = 2x + 3 → x = 2/3, a change of 1/3. w2 = x: 5 + x = 2 + 3x → x = 1.5,
		// a change of 1/2. The smaller is lowering c1 to 2/3.
		const criteria = [criterion('c1', 1), criterion('c2', 1)];
		const rows = rowsOf({ a: { c1: 5, c2: 1 }, b: { c1: 2, c2: 3 } }, criteria);
		const swap = sensitivity({ rows, criteria, draws: 1 }).topSwap!;
		expect(swap.change).toMatchObject({ criterionId: 'c1', name: 'C1', from: 1 });
		expect(swap.change!.to).toBeCloseTo(2 / 3, 12);
		expect(swap.text).toBe('Lowering the weight of C1 from 1 to below 0.667 swaps them');
		// Past the tie the scorecard itself puts b first.
		const past = [{ ...criteria[0], weight: 0.66 }, criteria[1]];
		expect(reweigh(rows, past)[0].ideaId).toBe('b');
	});

	it('solves the quadratic when the two ideas were scored on different criteria', () => {
		// a scored c1 only: a = 4 whatever the weights. b = (3 w1 + 5 w2) / (w1 + w2) = 5.5 / 1.5
		// ≈ 3.67 at w1 = 1, w2 = 0.5. w1 = x: 4 = (3x + 2.5) / (x + 0.5) → x = 0.5 (x = 0 also
		// solves the cross-multiplied form, but a has no weight there). w2 = x: 4 = (3 + 5x) / (1 + x)
		// → x = 1, a change of 100 % against 50 %: lower c1 to 0.5.
		const criteria = [criterion('c1', 1), criterion('c2', 0.5)];
		const rows = rowsOf({ a: { c1: 4 }, b: { c1: 3, c2: 5 } }, criteria);
		const swap = sensitivity({ rows, criteria, draws: 1 }).topSwap!;
		expect(swap.change).toMatchObject({ criterionId: 'c1', from: 1 });
		expect(swap.change!.to).toBeCloseTo(0.5, 12);
		expect(swap.text).toBe('Lowering the weight of C1 from 1 to below 0.5 swaps them');
	});

	it('raises a weight when no lowering swaps them, and finds nothing when nothing can', () => {
		// a = (5 w1 + w2 + 5 w3) / Σw = 11/3, b = (w1 + 5 w2 + w3) / Σw = 7/3 at weights 1, 1, 1.
		// w2 = x: 10 + x = 2 + 5x → x = 2 (inside 3 × 1). w1 = x: 5x + 6 = x + 6 → x = 0, where b
		// only ties; the same for w3. So raising c2 past 2 is the one swap.
		const criteria = [criterion('c1', 1), criterion('c2', 1), criterion('c3', 1)];
		const rows = rowsOf({ a: { c1: 5, c2: 1, c3: 5 }, b: { c1: 1, c2: 5, c3: 1 } }, criteria);
		const swap = sensitivity({ rows, criteria, draws: 1 }).topSwap!;
		expect(swap.change).toMatchObject({ criterionId: 'c2', from: 1 });
		expect(swap.change!.to).toBeCloseTo(2, 12);
		expect(swap.text).toBe('Raising the weight of C2 from 1 to above 2 swaps them');
		const past = [criteria[0], { ...criteria[1], weight: 2.01 }, criteria[2]];
		expect(reweigh(rows, past)[0].ideaId).toBe('b');
		// With c2 at 0.5 the tie moves to x = 2 again, now 4× the weight: out of range.
		const light = [criteria[0], { ...criteria[1], weight: 0.5 }, criteria[2]];
		expect(sensitivity({ rows, criteria: light, draws: 1 }).topSwap?.change).toBeNull();
	});

	it('leaves out ideas no weighted criterion scored, and hidden tally rows', () => {
		const criteria = [criterion('c1', 1), criterion('off', 0)];
		const rows = [
			...rowsOf({ a: { c1: 3 }, b: { off: 5 } }, criteria),
			{ ideaId: 'hidden', count: 2, hidden: true } as unknown as ScorecardRow
		];
		const result = sensitivity({ rows, criteria, draws: 5 });
		expect(result.ideas.map((i) => i.ideaId)).toEqual(['a']);
		expect(result.unranked.sort()).toEqual(['b', 'hidden']);
		expect(result.topSwap).toBeNull();
	});

	it('gives the same result for the same seed', () => {
		const criteria = [criterion('c1', 1), criterion('c2', 1)];
		const rows = rowsOf({ a: { c1: 5, c2: 1 }, b: { c1: 1, c2: 5 } }, criteria);
		expect(sensitivity({ rows, criteria, seed: 3 })).toEqual(
			sensitivity({ rows, criteria, seed: 3 })
		);
	});

	it('refuses a draw count or variation that makes no sense', () => {
		const criteria = [criterion('c1', 1)];
		expect(() => sensitivity({ rows: [], criteria, draws: 0 })).toThrow(RangeError);
		expect(() => sensitivity({ rows: [], criteria, variation: 1 })).toThrow(RangeError);
		expect(() => sensitivity({ rows: [], criteria, variation: -0.1 })).toThrow(RangeError);
	});
});

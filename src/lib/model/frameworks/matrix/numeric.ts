import type { Placement } from '../../board.ts';
import { capWeights, type Weighting } from '../leadership.ts';
import { checkThenWrite, type NumericFramework } from '../numeric.ts';
import { distributionOfRange, sortRange, weightedMedian } from '../stats.ts';
import { checkMatrix } from './check.ts';
import type { MatrixRow } from './matrix.ts';
import { rankBy } from '../ranking.ts';

/**
 * The same summary as ./matrix.ts (per-axis median and IQR) from values at `[0, n)` and efforts
 * at `[n, 2n)`, sorting each axis once, not twice.
 */
function matrixRow(
	ideaId: string,
	values: Float64Array,
	n: number,
	weighting?: Weighting
): MatrixRow {
	// Weighted medians read each person's numbers where they are, so before sorting.
	const weights = weighting ? capWeights(weighting.isLeader, weighting.cap) : null;
	const weightedValue = weights && weightedMedian(values.slice(0, n), weights);
	const weightedEffort = weights && weightedMedian(values.slice(n, 2 * n), weights);
	sortRange(values, 0, n);
	sortRange(values, n, 2 * n);
	const value = distributionOfRange(values, 0, n);
	const effort = distributionOfRange(values, n, 2 * n);
	return {
		ideaId,
		rank: 0,
		count: n,
		median: { value: weightedValue ?? value.median, effort: weightedEffort ?? effort.median },
		spread: { value: value.spread, effort: effort.spread }
	};
}

export const matrixFramework: NumericFramework<Placement, MatrixRow> = {
	fields: 2,
	read: checkThenWrite(checkMatrix, (entry, out, at) => {
		out[at] = entry.value;
		out[at + 1] = entry.value;
		out[at + 2] = entry.effort;
	}),
	row: matrixRow,
	rank: (rows) => rankBy(rows, (row) => row.median.value),
	score: (row) => row.median.value
};

import { Invalid } from '../check.ts';
import type { NumericFramework } from '../numeric.ts';
import { scorecardReader } from './check.ts';
import {
	compositeOf,
	rankScorecard,
	scorecardRowOf,
	type Criterion,
	type ScorecardEntry,
	type ScorecardRow
} from './scorecard.ts';

/** The scorecard as the aggregator reads it: one number per criterion, the composite its own. */
export function scorecardFramework(
	criteria: readonly Criterion[]
): NumericFramework<ScorecardEntry, ScorecardRow> {
	const readScores = scorecardReader(criteria);
	return {
		fields: criteria.length,
		read: (raw, out, at) => {
			const checked = readScores(raw, out, at + 1);
			if (!(checked instanceof Invalid)) out[at] = compositeOf(out, at + 1, 1, criteria) ?? NaN;
			return checked;
		},
		row: (ideaId, values, n, weighting) => scorecardRowOf(ideaId, values, n, criteria, weighting),
		rank: rankScorecard,
		score: (row) => row.composite
	};
}

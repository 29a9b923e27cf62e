/**
 * Every framework's parts found by its id: how its entries are checked (`<framework>/check.ts`)
 * and, for a framework that gives one number per person per idea, how the aggregator reads them
 * into columns (`<framework>/numeric.ts`). A new framework registers here and in ./index.ts.
 */
import type { Placement } from '../board.ts';
import { budgetEntries } from './budget/check.ts';
import type { EntryRules, EntryTypes } from './check.ts';
import { dotsEntries } from './dots/check.ts';
import { iceEntries } from './ice/check.ts';
import { iceFramework } from './ice/numeric.ts';
import type { IceRow } from './ice/ice.ts';
import type { FrameworkId } from './index.ts';
import { matrixEntries } from './matrix/check.ts';
import type { MatrixRow } from './matrix/matrix.ts';
import { matrixFramework } from './matrix/numeric.ts';
import { moscowEntries } from './moscow/check.ts';
import type { NumericFramework } from './numeric.ts';
import { okrEntries } from './okr/check.ts';
import { riceEntries } from './rice/check.ts';
import { riceFramework } from './rice/numeric.ts';
import type { RiceRow } from './rice/rice.ts';
import { scorecardEntries } from './scorecard/check.ts';
import { scorecardFramework } from './scorecard/numeric.ts';
import type { Criterion, ScorecardRow } from './scorecard/scorecard.ts';
import { wsjfEntries } from './wsjf/check.ts';
import { wsjfFramework } from './wsjf/numeric.ts';
import type { WsjfRow } from './wsjf/wsjf.ts';

export const ENTRY_RULES: { [F in FrameworkId]: EntryRules<EntryTypes[F]> } = {
	matrix: matrixEntries,
	rice: riceEntries,
	ice: iceEntries,
	wsjf: wsjfEntries,
	scorecard: scorecardEntries,
	moscow: moscowEntries,
	okr: okrEntries,
	dots: dotsEntries,
	budget: budgetEntries
};

export const NUMERIC = ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const;
export type NumericId = (typeof NUMERIC)[number];

export function isNumeric(framework: FrameworkId): framework is NumericId {
	return (NUMERIC as readonly string[]).includes(framework);
}

/** The numeric frameworks as a workshop's settings make them (the scorecard's criteria). */
export interface NumericSpecs {
	matrix: NumericFramework<Placement, MatrixRow>;
	rice: NumericFramework<EntryTypes['rice'], RiceRow>;
	ice: NumericFramework<EntryTypes['ice'], IceRow>;
	wsjf: NumericFramework<EntryTypes['wsjf'], WsjfRow>;
	scorecard: NumericFramework<EntryTypes['scorecard'], ScorecardRow>;
}

export function numericFrameworks(criteria: readonly Criterion[]): NumericSpecs {
	return {
		matrix: matrixFramework,
		rice: riceFramework,
		ice: iceFramework,
		wsjf: wsjfFramework,
		scorecard: scorecardFramework(criteria)
	};
}

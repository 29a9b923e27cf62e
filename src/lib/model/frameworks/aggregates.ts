/**
 * What the aggregator (./aggregator.ts) reads, a workshop's ballots and settings, and what it
 * gives: every framework's aggregates.
 */
import type { Voter } from './ballot.ts';
import type { BudgetSummary } from './budget/budget.ts';
import type { Consensus } from './consensus.ts';
import type { DotsSummary } from './dots/dots.ts';
import type { IceRow } from './ice/ice.ts';
import type { FrameworkId } from './index.ts';
import type { MatrixRow } from './matrix/matrix.ts';
import type { Bucket, MoscowRow, MustEffort } from './moscow/moscow.ts';
import type { Objective, OkrSummary } from './okr/okr.ts';
import type { RankingRow } from './ranking.ts';
import type { RiceRow } from './rice/rice.ts';
import type { Criterion, ScorecardRow } from './scorecard/scorecard.ts';
import type { WsjfRow } from './wsjf/wsjf.ts';

/** One participant's ballot document, read as plain data: raw entries per framework. */
export interface WorkshopBallot {
	voter: Voter;
	frameworks: Partial<Record<FrameworkId, ReadonlyMap<string, unknown>>>;
}

export interface WorkshopSettings {
	/** Frameworks to compute; all by default. Disabled ones come back as null. */
	enabled?: readonly FrameworkId[];
	/** Scorecard criteria; DEFAULT_CRITERIA when not set. */
	criteria?: readonly Criterion[];
	objectives?: readonly Objective[];
	dotsPerPerson?: number;
	budgetPerPerson?: number;
	/** MoSCoW buckets the facilitator settled. */
	finalBuckets?: ReadonlyMap<string, Bucket>;
	/** Share of effort the Musts may take before the warning (DEFAULT_MUST_SHARE). */
	mustShare?: number;
	/**
	 * Effort per idea, for MoSCoW's Must share and buy-a-feature prices. Without it, the matrix's
	 * median effort (0–100) stands in.
	 */
	effortByIdea?: ReadonlyMap<string, number>;
	/** Buy-a-feature prices when the facilitator set them; otherwise an idea's price is its effort. */
	prices?: ReadonlyMap<string, number>;
	/**
	 * The most Leadership may weigh in each group result, a share from 0 to 1 (./leadership.ts
	 * says how); no cap when not set.
	 */
	leadershipCap?: number;
}

export interface WorkshopInput {
	/** The workshop's ideas; entries for any other idea are ignored. */
	ideaIds: readonly string[];
	ballots: readonly WorkshopBallot[];
	settings?: WorkshopSettings;
}

/** Aggregates of a framework that gives one number per person per idea. */
export interface NumericAggregate<Row> {
	/** The framework's own table, ranked by its group score. */
	rows: Row[];
	consensus: Consensus;
	/** Ranked by the same group score as `rows`, with the functions that pull each idea. */
	ranking: RankingRow[];
}

export interface WorkshopRejection {
	userId: string;
	framework: FrameworkId;
	ideaId: string;
	reason: string;
}

export interface WorkshopAggregates {
	/** Entries left out of the aggregates, for their authors to see. */
	rejected: WorkshopRejection[];
	matrix: NumericAggregate<MatrixRow> | null;
	rice: NumericAggregate<RiceRow> | null;
	ice: NumericAggregate<IceRow> | null;
	wsjf: NumericAggregate<WsjfRow> | null;
	scorecard: NumericAggregate<ScorecardRow> | null;
	moscow: { rows: MoscowRow[]; mustEffort: MustEffort } | null;
	okr: OkrSummary | null;
	dots: DotsSummary | null;
	budget: BudgetSummary | null;
}

/** What a framework's summary reads of the workshop, fixed until its ideas, voters or settings change. */
export interface WorkshopShape {
	ideaIds: readonly string[];
	ideaIndex: ReadonlyMap<string, number>;
	voters: readonly Voter[];
	settings: WorkshopSettings;
}

import type { Placement } from '../board.ts';
import type { MatrixSummary } from '../matrix.ts';
import { byId, type BallotOf, type IdeaVotes, type Voter, type VotesByIdea } from './ballot.ts';
import { summarizeBudget, type BudgetSummary } from './buyafeature.ts';
import { ideaConsensus, type Consensus, type IdeaConsensus, type Scale } from './consensus.ts';
import { summarizeDots, type DotsSummary } from './dots.ts';
import { estimateRow, rankEstimates } from './estimates.ts';
import { ICE, iceScore, type IceRow } from './ice.ts';
import { FRAMEWORK_IDS, frameworkInfo, type FrameworkId } from './index.ts';
import {
	bucketsOf,
	mustEffortShare,
	summarizeMoscowVotes,
	type Bucket,
	type MoscowRow,
	type MustEffort
} from './moscow.ts';
import { summarizeOkrVotes, type Objective, type OkrSummary } from './okr.ts';
import { rankBy, rankConsensus, type RankingRow } from './ranking.ts';
import { RICE, riceScore, type RiceRow } from './rice.ts';
import {
	DEFAULT_CRITERIA,
	composer,
	rankScorecard,
	scorecardRow,
	type Criterion,
	type ScorecardRow
} from './scorecard.ts';
import { entryCheck, Invalid, validateBallot, type EntryTypes } from './validate.ts';
import { distribution } from './stats.ts';
import { WSJF, wsjfScore, type WsjfRow } from './wsjf.ts';

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

export interface MatrixRow extends MatrixSummary {
	ideaId: string;
	rank: number;
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

interface NumericFramework<T, Row> {
	/** One idea's row of the framework's table, before ranking. */
	row: (ideaId: string, entries: T[]) => Row;
	/** Ranks the rows in place. */
	rank: (rows: Row[]) => Row[];
	/** The group score the framework ranks by. */
	score: (row: Row) => number | null;
	/** One person's number, for consensus; null leaves the person out. */
	personal: (entry: T) => number | null;
}

/**
 * Table, consensus and ranking of one numeric framework from a single grouping of the ballots: each
 * idea's entries are read once for the table and once for the personal numbers.
 */
function numeric<T, Row extends { ideaId: string }>(
	framework: FrameworkId,
	votesOfIdeas: VotesByIdea<T>,
	spec: NumericFramework<T, Row>
): NumericAggregate<Row> {
	const unranked: Row[] = [];
	const personal: { ideaId: string; voters: Voter[]; values: number[] }[] = [];
	let min = Infinity;
	let max = -Infinity;
	for (const [ideaId, votes] of votesOfIdeas) {
		unranked.push(spec.row(ideaId, votes.entries));
		const { voters, values } = personalNumbers(votes, spec.personal);
		if (values.length === 0) continue;
		personal.push({ ideaId, voters, values });
		for (const value of values) {
			if (value < min) min = value;
			if (value > max) max = value;
		}
	}
	const scale: Scale =
		frameworkInfo(framework).numeric?.scale ?? (min <= max ? { min, max } : { min: 0, max: 0 });
	const ideas: IdeaConsensus[] = personal.map(({ ideaId, voters, values }) =>
		ideaConsensus(ideaId, voters, values, scale)
	);
	const consensus = { scale, ideas: ideas.sort((a, b) => byId(a.ideaId, b.ideaId)) };
	const rows = spec.rank(unranked);
	const scores = new Map<string, number>();
	for (const row of rows) {
		const score = spec.score(row);
		if (score !== null) scores.set(row.ideaId, score);
	}
	return { rows, consensus, ranking: rankConsensus(consensus, { scores }) };
}

function personalNumbers<T>(votes: IdeaVotes<T>, personal: (entry: T) => number | null) {
	const values: number[] = [];
	const voters: Voter[] = [];
	for (let i = 0; i < votes.entries.length; i++) {
		const value = personal(votes.entries[i]);
		if (value === null) continue;
		values.push(value);
		voters.push(votes.voters[i]);
	}
	return { voters, values };
}

/** The same summary as ../matrix.ts (per-axis median and IQR), sorting each axis once, not twice. */
function matrixRow(ideaId: string, entries: readonly Placement[]): MatrixRow {
	const values = entries.map((entry) => entry.value);
	const efforts = entries.map((entry) => entry.effort);
	const value = distribution(values);
	const effort = distribution(efforts);
	return {
		ideaId,
		rank: 0,
		count: entries.length,
		median: { value: value.median, effort: effort.median },
		spread: { value: value.spread, effort: effort.spread }
	};
}

const matrixFramework: NumericFramework<Placement, MatrixRow> = {
	row: matrixRow,
	rank: (rows) => rankBy(rows, (row) => row.median.value),
	score: (row) => row.median.value,
	personal: (entry) => entry.value
};

const riceFramework: NumericFramework<EntryTypes['rice'], RiceRow> = {
	row: (ideaId, entries) => estimateRow(ideaId, entries, RICE),
	rank: rankEstimates,
	score: (row) => row.score,
	personal: riceScore
};

const iceFramework: NumericFramework<EntryTypes['ice'], IceRow> = {
	row: (ideaId, entries) => estimateRow(ideaId, entries, ICE),
	rank: rankEstimates,
	score: (row) => row.score,
	personal: iceScore
};

const wsjfFramework: NumericFramework<EntryTypes['wsjf'], WsjfRow> = {
	row: (ideaId, entries) => estimateRow(ideaId, entries, WSJF),
	rank: rankEstimates,
	score: (row) => row.score,
	personal: wsjfScore
};

function scorecardFramework(
	criteria: readonly Criterion[]
): NumericFramework<EntryTypes['scorecard'], ScorecardRow> {
	return {
		row: (ideaId, entries) => scorecardRow(ideaId, entries, criteria),
		rank: rankScorecard,
		score: (row) => row.composite,
		personal: composer(criteria)
	};
}

/**
 * Every aggregate of a workshop in one call, from raw ballots. The server calls this for each batch
 * of ballot changes, so each framework's entries are read once: checked (validateBallot's rules)
 * and grouped by idea in the same pass, without copying them, then each idea's group is summarized
 * from that grouping. Dots and budget go through validateBallot, as a ballot's allowance is checked
 * as a whole.
 */
export function computeAll(input: WorkshopInput): WorkshopAggregates {
	const { ideaIds, ballots } = input;
	const settings = input.settings ?? {};
	const enabled = new Set(settings.enabled ?? FRAMEWORK_IDS);
	const criteria = settings.criteria ?? DEFAULT_CRITERIA;
	const validation = {
		criteria,
		objectives: settings.objectives ?? [],
		dotsPerPerson: settings.dotsPerPerson,
		budgetPerPerson: settings.budgetPerPerson,
		ideaIds: new Set(ideaIds)
	};
	const ideaIndex = new Map(ideaIds.map((ideaId, i) => [ideaId, i]));
	const rejected: WorkshopRejection[] = [];

	function votesOf<F extends FrameworkId>(framework: F): VotesByIdea<EntryTypes[F]> {
		const check = entryCheck(framework, validation);
		const groups: (IdeaVotes<EntryTypes[F]> | undefined)[] = new Array(ideaIds.length);
		for (const { voter, frameworks } of ballots) {
			const entries = frameworks[framework];
			if (!entries) continue;
			for (const [ideaId, raw] of entries) {
				const i = ideaIndex.get(ideaId);
				if (i === undefined) continue;
				const checked = check(raw);
				if (checked instanceof Invalid) {
					rejected.push({ userId: voter.userId, framework, ideaId, reason: checked.reason });
					continue;
				}
				const group = (groups[i] ??= { voters: [], entries: [] });
				group.voters.push(voter);
				group.entries.push(checked);
			}
		}
		const votes = new Map<string, IdeaVotes<EntryTypes[F]>>();
		groups.forEach((group, i) => group && votes.set(ideaIds[i], group));
		return votes;
	}

	function ballotsOf(framework: 'dots' | 'budget'): BallotOf<number>[] {
		const valid: BallotOf<number>[] = [];
		for (const { voter, frameworks } of ballots) {
			const entries = frameworks[framework];
			if (!entries) continue;
			const result = validateBallot(framework, entries, validation);
			valid.push({ voter, entries: result.valid });
			for (const { ideaId, reason } of result.rejected) {
				rejected.push({ userId: voter.userId, framework, ideaId, reason });
			}
		}
		return valid;
	}

	const matrix = enabled.has('matrix')
		? numeric('matrix', votesOf('matrix'), matrixFramework)
		: null;
	const effortByIdea =
		settings.effortByIdea ??
		new Map((matrix?.rows ?? []).map((row) => [row.ideaId, row.median.effort]));

	let moscow: WorkshopAggregates['moscow'] = null;
	if (enabled.has('moscow')) {
		const rows = summarizeMoscowVotes(votesOf('moscow'), settings.finalBuckets);
		moscow = {
			rows,
			mustEffort: mustEffortShare(bucketsOf(rows), effortByIdea, settings.mustShare)
		};
	}

	const aggregates: WorkshopAggregates = {
		rejected,
		matrix,
		rice: enabled.has('rice') ? numeric('rice', votesOf('rice'), riceFramework) : null,
		ice: enabled.has('ice') ? numeric('ice', votesOf('ice'), iceFramework) : null,
		wsjf: enabled.has('wsjf') ? numeric('wsjf', votesOf('wsjf'), wsjfFramework) : null,
		scorecard: enabled.has('scorecard')
			? numeric('scorecard', votesOf('scorecard'), scorecardFramework(criteria))
			: null,
		moscow,
		okr: enabled.has('okr')
			? summarizeOkrVotes(votesOf('okr'), settings.objectives ?? [], ideaIds)
			: null,
		dots: enabled.has('dots') ? summarizeDots(ballotsOf('dots'), settings.dotsPerPerson) : null,
		budget: enabled.has('budget')
			? summarizeBudget(
					ballotsOf('budget'),
					settings.prices ?? effortByIdea,
					settings.budgetPerPerson
				)
			: null
	};
	rejected.sort(
		(a, b) => byId(a.userId, b.userId) || byId(a.framework, b.framework) || byId(a.ideaId, b.ideaId)
	);
	return aggregates;
}

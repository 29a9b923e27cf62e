import type { Placement } from '../board.ts';
import type { MatrixSummary } from '../matrix.ts';
import { byId, type BallotOf, type IdeaVotes, type Voter } from './ballot.ts';
import { summarizeBudget, type BudgetSummary } from './buyafeature.ts';
import {
	divergence,
	FUNCTION_SLOTS,
	functionSlot,
	groupedConsensus,
	type Consensus,
	type IdeaConsensus,
	type Scale
} from './consensus.ts';
import { summarizeDots, type DotsSummary } from './dots.ts';
import { estimateRowOf, rankEstimates, type EstimateRow, type EstimateShape } from './estimates.ts';
import { ICE, iceScore, type IceRow } from './ice.ts';
import { FRAMEWORK_IDS, frameworkInfo, type FrameworkId } from './index.ts';
import { capWeights, LEADERSHIP, weightingOf, type Weighting } from './leadership.ts';
import {
	bucketsOf,
	moscowRow,
	mustEffortShare,
	orderMoscowRows,
	type Bucket,
	type MoscowRow,
	type MustEffort
} from './moscow.ts';
import { summarizeOkrVotes, type Objective, type OkrSummary } from './okr.ts';
import { rankBy, rankConsensus, type RankingRow } from './ranking.ts';
import { RICE, riceScore, type RiceRow } from './rice.ts';
import {
	compositeOf,
	DEFAULT_CRITERIA,
	rankScorecard,
	scorecardRowOf,
	type Criterion,
	type ScorecardRow
} from './scorecard.ts';
import {
	entryCheck,
	Invalid,
	scorecardReader,
	type EntryCheck,
	validateBallot,
	type EntryTypes,
	type ValidationSettings
} from './validate.ts';
import { distributionOfRange, sortRange, weightedMedian } from './stats.ts';
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

/**
 * How a framework that gives one number per person per idea reads and summarizes its entries. An
 * entry's numbers are read once, when it is checked: summarizing goes idea by idea, an order in
 * which the entry objects lie scattered in memory, while the numbers lie side by side.
 */
interface NumericFramework<T, Row> {
	/** How many numbers an entry has besides its personal one. */
	fields: number;
	/**
	 * Checks a raw entry (validateBallot's rules) and, when it is valid, writes its personal number
	 * at `out[at]` (NaN for none: the person is left out of consensus) and its fields after it,
	 * field k at `out[at + 1 + k]`. What it writes for an invalid entry means nothing.
	 */
	read: (raw: unknown, out: Float64Array, at: number) => T | Invalid;
	/**
	 * One idea's row of the framework's table, before ranking, from its `n` entries' fields:
	 * field k of entry e at `values[k·n + e]`, which it may reorder. `consensus` summarizes the same
	 * people's personal numbers.
	 */
	row: (
		ideaId: string,
		values: Float64Array,
		n: number,
		weighting?: Weighting,
		consensus?: IdeaConsensus
	) => Row;
	/** Ranks the rows in place. */
	rank: (rows: Row[]) => Row[];
	/** The group score the framework ranks by. */
	score: (row: Row) => number | null;
}

/**
 * The same summary as ../matrix.ts (per-axis median and IQR) from values at `[0, n)` and efforts
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

/** A framework's `read` from its entry check and what writes a valid entry's numbers. */
function checkThenWrite<T>(
	check: EntryCheck<T>,
	write: (entry: T, out: Float64Array, at: number) => void
): NumericFramework<T, unknown>['read'] {
	return (raw, out, at) => {
		const checked = check(raw);
		if (!(checked instanceof Invalid)) write(checked, out, at);
		return checked;
	};
}

const matrixFramework: NumericFramework<Placement, MatrixRow> = {
	fields: 2,
	read: checkThenWrite(entryCheck('matrix'), (entry, out, at) => {
		out[at] = entry.value;
		out[at + 1] = entry.value;
		out[at + 2] = entry.effort;
	}),
	row: matrixRow,
	rank: (rows) => rankBy(rows, (row) => row.median.value),
	score: (row) => row.median.value
};

/**
 * An estimate framework (RICE, ICE, WSJF). Each person's number is their own score, never missing
 * (every valid estimate has one), so consensus has summarized the scores the row reports already.
 */
function estimateFramework<T>(
	shape: EstimateShape<T>,
	check: EntryCheck<T>,
	writeScore: (entry: T, out: Float64Array, at: number) => void
): NumericFramework<T, EstimateRow<T>> {
	return {
		fields: shape.fields,
		read: checkThenWrite(check, (entry, out, at) => {
			writeScore(entry, out, at);
			shape.read(entry, out, at + 1, 1);
		}),
		row: (ideaId, values, n, weighting, consensus) =>
			estimateRowOf(
				ideaId,
				values,
				n,
				shape,
				weighting ? capWeights(weighting.isLeader, weighting.cap) : null,
				consensus!
			),
		rank: rankEstimates,
		score: (row) => row.score
	};
}

// Each framework writes a person's score with a function of its own: returned by `shape.formula`
// through the call site the three frameworks share, every score was boxed on the heap.
const riceFramework = estimateFramework(RICE, entryCheck('rice'), (entry, out, at) => {
	out[at] = riceScore(entry);
});
const iceFramework = estimateFramework(ICE, entryCheck('ice'), (entry, out, at) => {
	out[at] = iceScore(entry);
});
const wsjfFramework = estimateFramework(WSJF, entryCheck('wsjf'), (entry, out, at) => {
	out[at] = wsjfScore(entry);
});

function scorecardFramework(
	criteria: readonly Criterion[]
): NumericFramework<EntryTypes['scorecard'], ScorecardRow> {
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

const NUMERIC = ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const;
type NumericId = (typeof NUMERIC)[number];

function isNumeric(framework: FrameworkId): framework is NumericId {
	return (NUMERIC as readonly string[]).includes(framework);
}

/** The numeric frameworks as a workshop's settings make them (the scorecard's criteria). */
interface NumericSpecs {
	matrix: NumericFramework<Placement, MatrixRow>;
	rice: NumericFramework<EntryTypes['rice'], RiceRow>;
	ice: NumericFramework<EntryTypes['ice'], IceRow>;
	wsjf: NumericFramework<EntryTypes['wsjf'], WsjfRow>;
	scorecard: NumericFramework<EntryTypes['scorecard'], ScorecardRow>;
}

const EMPTY: ReadonlyMap<string, unknown> = new Map();

/** The scale of a framework nobody has given a number in yet. */
const NO_SPAN: Scale = { min: 0, max: 0 };

/** One idea's group, as #readGroup reads it. */
interface IdeaGroup {
	/** Field k of entry e at `fields[k·n + e]`, n the idea's entry count. */
	fields: Float64Array;
	entryLeaders: boolean[];
	values: Float64Array;
	valueLeaders: boolean[];
	starts: Int32Array;
}

/** What a workshop's settings fix for every update until they change. */
interface Context {
	ideaIds: readonly string[];
	ideaIndex: ReadonlyMap<string, number>;
	/** Idea indices in idea id order, the order consensus lists ideas in. */
	byIdOrder: readonly number[];
	voters: readonly Voter[];
	/**
	 * Voter indices grouped by function (in the order of FUNCTIONS, ballot order within one), the
	 * order an idea's entries are read in, so its personal numbers come out grouped for consensus.
	 */
	byFunction: readonly number[];
	/** Per voter: the function slot (consensus.ts) and whether they are Leadership. */
	slots: Uint8Array;
	leaders: readonly boolean[];
	settings: WorkshopSettings;
	enabled: ReadonlySet<FrameworkId>;
	criteria: readonly Criterion[];
	numeric: NumericSpecs;
	validation: ValidationSettings;
}

/**
 * One framework's valid entries as a table, idea × voter (voter v's entry for idea i at
 * `i * voters + v`), with what changed since the table was last summarized.
 */
class EntryTable {
	readonly cells: unknown[];
	/** Per voter: the raw entries last read, to skip a ballot passed again unchanged. */
	readonly raw: (ReadonlyMap<string, unknown> | undefined)[];
	/** Per voter: entries left out, with why. */
	readonly rejected: WorkshopRejection[][];
	/** Ideas whose entries changed since the framework was last summarized. */
	readonly dirty: number[] = [];
	readonly #isDirty: Uint8Array;
	/**
	 * Cells that changed in the current update, once `tracking`: a fresh table's first read
	 * changes every cell it fills, which `filled` lists, only when asked.
	 */
	readonly changed: number[] = [];
	tracking = false;
	readonly #seen: Uint8Array;

	/**
	 * A numeric framework's numbers per cell, `stride` apiece (see NumericFramework.read), written
	 * when the entry is checked; null for the other frameworks.
	 */
	readonly numbers: Float64Array | null;
	readonly stride: number;

	constructor(
		readonly framework: FrameworkId,
		readonly ideas: number,
		readonly voters: number,
		/**
		 * The per-entry check of a framework that is not numeric; null for numeric ones, checked by
		 * their `read`, and for dots and budget, checked a ballot at a time.
		 */
		readonly check: EntryCheck<unknown> | null,
		readonly numeric: NumericFramework<never, unknown> | null = null
	) {
		this.cells = new Array(ideas * voters);
		this.stride = numeric ? numeric.fields + 1 : 0;
		this.numbers = numeric && new Float64Array(ideas * voters * this.stride);
		this.raw = new Array(voters);
		this.rejected = Array.from({ length: voters }, () => []);
		this.#isDirty = new Uint8Array(ideas);
		this.#seen = new Uint8Array(ideas);
	}

	/** Whether entries are checked one at a time (checkEntry), not a ballot at a time. */
	get byEntry(): boolean {
		return this.check !== null || this.numeric !== null;
	}

	/**
	 * Checks voter `v`'s raw entry for idea `i`; a numeric framework's check writes the entry's
	 * numbers into the cell on the way.
	 */
	checkEntry(raw: unknown, i: number, v: number): unknown {
		return this.numeric
			? this.numeric.read(raw, this.numbers!, (i * this.voters + v) * this.stride)
			: this.check!(raw);
	}

	/**
	 * Replacing voter `v`'s entries: `begin`, then `put` each valid one, then `end`, which removes
	 * the entries not put again. Ideas whose entry is not the same value as before are marked.
	 * Entries are compared by identity: a ballot's unchanged entries are the same objects from one
	 * read to the next (Yjs hands out the stored value).
	 */
	begin() {
		this.#seen.fill(0);
	}

	put(i: number, v: number, entry: unknown) {
		this.#seen[i] = 1;
		this.#set(i, v, entry);
	}

	end(v: number, rejected: WorkshopRejection[]) {
		for (let i = 0; i < this.ideas; i++) {
			if (!this.#seen[i] && this.cells[i * this.voters + v] !== undefined)
				this.#set(i, v, undefined);
		}
		this.rejected[v] = rejected;
	}

	#set(i: number, v: number, entry: unknown) {
		const cell = i * this.voters + v;
		if (this.cells[cell] === entry) return;
		this.cells[cell] = entry;
		if (this.tracking) this.changed.push(cell);
		if (!this.#isDirty[i]) {
			this.#isDirty[i] = 1;
			this.dirty.push(i);
		}
	}

	/** Every cell holding an entry. */
	filled(): number[] {
		const cells: number[] = [];
		for (let cell = 0; cell < this.cells.length; cell++) {
			if (this.cells[cell] !== undefined) cells.push(cell);
		}
		return cells;
	}

	/** Forgets the dirty ideas once the framework has been summarized. */
	clean() {
		for (const i of this.dirty) this.#isDirty[i] = 0;
		this.dirty.length = 0;
	}

	/** Idea `i`'s entries and who gave them, in ballot order. */
	group<T>(i: number, voters: readonly Voter[]): IdeaVotes<T> {
		const group: IdeaVotes<T> = { voters: [], entries: [] };
		const from = i * this.voters;
		for (let v = 0; v < this.voters; v++) {
			const entry = this.cells[from + v];
			if (entry === undefined) continue;
			group.voters.push(voters[v]);
			group.entries.push(entry as T);
		}
		return group;
	}
}

/** A numeric framework's results per idea, kept between updates. */
class NumericCache<Row extends { ideaId: string; rank: number | null }> {
	readonly rows: (Row | undefined)[];
	readonly consensus: (IdeaConsensus | undefined)[];
	/** Per idea: the smallest and largest personal number (±Infinity when there is none). */
	readonly min: Float64Array;
	readonly max: Float64Array;
	scale: Scale | undefined;
	/** Per idea: the ranked row last returned, and the unranked row it was made from. */
	readonly ranked: (Row | undefined)[];
	readonly rankedFrom: (Row | undefined)[];
	result: NumericAggregate<Row> | null = null;

	constructor(ideas: number) {
		this.rows = new Array(ideas);
		this.ranked = new Array(ideas);
		this.rankedFrom = new Array(ideas);
		this.consensus = new Array(ideas);
		this.min = new Float64Array(ideas).fill(Infinity);
		this.max = new Float64Array(ideas).fill(-Infinity);
	}
}

function sameRanking(a: RankingRow, b: RankingRow): boolean {
	return (
		a.rank === b.rank &&
		a.score === b.score &&
		a.voters === b.voters &&
		a.spread === b.spread &&
		sameStrings(a.pulledUpBy, b.pulledUpBy) &&
		sameStrings(a.pulledDownBy, b.pulledDownBy)
	);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Flat rows (every field a primitive) with the same fields. */
function sameFlat<T extends object>(a: T, b: T): boolean {
	for (const key in a) if (a[key] !== b[key]) return false;
	return true;
}

/**
 * `rows` with every row equal to its idea's row in `previous`, the rows returned last time, replaced
 * by that one. Only asked on an update after the first, so a recompute from scratch builds no
 * lookup.
 */
function keepUnchanged<T extends { ideaId: string }>(
	previous: readonly T[],
	rows: T[],
	same: (a: T, b: T) => boolean
): T[] {
	const before = new Map(previous.map((row) => [row.ideaId, row]));
	for (let i = 0; i < rows.length; i++) {
		const row = before.get(rows[i].ideaId);
		if (row && same(row, rows[i])) rows[i] = row;
	}
	return rows;
}

/** The settings, ideas and voters an aggregator's caches are valid for, as one comparable string. */
function fingerprint(input: WorkshopInput): string {
	const settings = input.settings ?? {};
	const entries = (map: ReadonlyMap<string, unknown> | undefined) => map && [...map];
	return JSON.stringify([
		input.ideaIds,
		input.ballots.map(({ voter }) => [voter.userId, voter.name, voter.function]),
		settings.enabled,
		settings.criteria,
		settings.objectives,
		settings.dotsPerPerson,
		settings.budgetPerPerson,
		entries(settings.finalBuckets),
		settings.mustShare,
		entries(settings.effortByIdea),
		entries(settings.prices),
		settings.leadershipCap
	]);
}

/**
 * Every aggregate of a workshop, kept current as ballots change. During a live session a batch of
 * changes touches the ballots of a few people, so an update re-reads only the ballots it has not
 * seen (compared by identity: pass the same Map again for an unchanged framework of a ballot, a new
 * one when it changed, and never change a Map after passing it), recomputes only the ideas whose
 * entries changed, per framework, and re-ranks only the frameworks those ideas belong to. A change
 * of ideas, voters or settings starts from scratch.
 *
 * Results that did not change keep their identity from one update to the next (a row, a consensus,
 * a ranking row, a framework's whole aggregate), so a consumer can find what changed by comparing
 * references. Each update gives the same aggregates as `computeAll` on the same input.
 */
export class WorkshopAggregator {
	#fingerprint: string | undefined;
	#context!: Context;
	#tables = new Map<FrameworkId, EntryTable>();
	#numeric = new Map<NumericId, NumericCache<{ ideaId: string; rank: number | null }>>();
	#moscowRows: (MoscowRow | undefined)[] = [];
	/** Buffers one idea's group is read into, reused from idea to idea (see #readGroup). */
	#group!: IdeaGroup;
	#last: WorkshopAggregates | undefined;
	#fresh = true;

	/** Whether the last update started from scratch (a change of ideas, voters or settings). */
	get fresh(): boolean {
		return this.#fresh;
	}

	/** The ideas and voters of the last update, in their order. */
	get ideaIds(): readonly string[] {
		return this.#context.ideaIds;
	}

	get voters(): readonly Voter[] {
		return this.#context.voters;
	}

	/**
	 * A framework's valid entries as of the last update, voter v's for idea i at
	 * `i * voters.length + v` (undefined for none); empty for a framework not computed. Read only.
	 */
	entries(framework: FrameworkId): readonly unknown[] {
		return this.#tables.get(framework)?.cells ?? [];
	}

	/**
	 * Cells (`i * voters + v`) of a framework whose valid entry changed in the last update; after
	 * a fresh update, every cell that holds one.
	 */
	changed(framework: FrameworkId): readonly number[] {
		const table = this.#tables.get(framework);
		if (!table) return [];
		return this.#fresh ? table.filled() : table.changed;
	}

	update(input: WorkshopInput): WorkshopAggregates {
		const print = fingerprint(input);
		this.#fresh = print !== this.#fingerprint;
		if (this.#fresh) {
			// Set only once the reset is complete, so a failed one is retried from scratch.
			this.#fingerprint = undefined;
			this.#reset(input);
			this.#fingerprint = print;
		}
		for (const table of this.#tables.values()) table.changed.length = 0;
		try {
			const aggregates = this.#update(input);
			for (const table of this.#tables.values()) table.tracking = true;
			return aggregates;
		} catch (error) {
			this.#fingerprint = undefined;
			throw error;
		}
	}

	#reset(input: WorkshopInput) {
		const { ideaIds, ballots } = input;
		const settings = input.settings ?? {};
		const criteria = settings.criteria ?? DEFAULT_CRITERIA;
		const byIdOrder = ideaIds.map((_, i) => i).sort((a, b) => byId(ideaIds[a], ideaIds[b]));
		const voters = ballots.map(({ voter }) => voter);
		const slots = Uint8Array.from(voters, functionSlot);
		this.#context = {
			ideaIds: [...ideaIds],
			ideaIndex: new Map(ideaIds.map((ideaId, i) => [ideaId, i])),
			byIdOrder,
			voters,
			byFunction: voters.map((_, v) => v).sort((a, b) => slots[a] - slots[b] || a - b),
			slots,
			leaders: voters.map((voter) => voter.function === LEADERSHIP),
			settings,
			enabled: new Set(settings.enabled ?? FRAMEWORK_IDS),
			criteria,
			numeric: {
				matrix: matrixFramework,
				rice: riceFramework,
				ice: iceFramework,
				wsjf: wsjfFramework,
				scorecard: scorecardFramework(criteria)
			},
			validation: {
				criteria,
				objectives: settings.objectives ?? [],
				dotsPerPerson: settings.dotsPerPerson,
				budgetPerPerson: settings.budgetPerPerson,
				ideaIds: new Set(ideaIds)
			}
		};
		this.#tables.clear();
		this.#numeric.clear();
		const { enabled, numeric } = this.#context;
		for (const framework of enabled) {
			const spec = isNumeric(framework) ? numeric[framework] : null;
			this.#tables.set(
				framework,
				new EntryTable(
					framework,
					ideaIds.length,
					ballots.length,
					spec || framework === 'dots' || framework === 'budget'
						? null
						: entryCheck(framework, this.#context.validation),
					spec as NumericFramework<never, unknown> | null
				)
			);
		}
		for (const framework of NUMERIC) this.#numeric.set(framework, new NumericCache(ideaIds.length));
		this.#moscowRows = new Array(ideaIds.length);
		const widest = Math.max(...NUMERIC.map((id) => numeric[id].fields));
		this.#group = {
			fields: new Float64Array(voters.length * widest),
			entryLeaders: [],
			values: new Float64Array(voters.length),
			valueLeaders: [],
			starts: new Int32Array(FUNCTION_SLOTS + 1)
		};
		this.#last = undefined;
	}

	#update(input: WorkshopInput): WorkshopAggregates {
		const context = this.#context;
		const { enabled, settings } = context;
		// Ballot by ballot, every framework of one before the next: a ballot's entries were decoded
		// together, so they lie together in memory.
		input.ballots.forEach((ballot, v) => {
			for (const table of this.#tables.values()) {
				const raw = ballot.frameworks[table.framework];
				if (table.raw[v] === raw) continue;
				table.raw[v] = raw;
				if (table.byEntry) this.#readEntries(table, v, ballot.voter, raw ?? EMPTY);
				else this.#readAllowances(table, v, ballot.voter, raw ?? EMPTY);
			}
		});
		const last = this.#last;
		const { numeric } = context;
		const matrix = enabled.has('matrix') ? this.#numericAggregate('matrix', numeric.matrix) : null;
		const matrixChanged = matrix !== (last?.matrix ?? null);
		const effortFromMatrix = settings.effortByIdea === undefined;
		const effortByIdea =
			settings.effortByIdea ??
			new Map((matrix?.rows ?? []).map((row) => [row.ideaId, row.median.effort]));

		const aggregates: WorkshopAggregates = {
			rejected: this.#rejections(),
			matrix,
			rice: enabled.has('rice') ? this.#numericAggregate('rice', numeric.rice) : null,
			ice: enabled.has('ice') ? this.#numericAggregate('ice', numeric.ice) : null,
			wsjf: enabled.has('wsjf') ? this.#numericAggregate('wsjf', numeric.wsjf) : null,
			scorecard: enabled.has('scorecard')
				? this.#numericAggregate('scorecard', numeric.scorecard)
				: null,
			moscow: enabled.has('moscow')
				? this.#moscow(effortByIdea, effortFromMatrix && matrixChanged)
				: null,
			okr: enabled.has('okr') ? this.#okr() : null,
			dots: enabled.has('dots') ? this.#dots() : null,
			budget: enabled.has('budget')
				? this.#budget(
						settings.prices ?? effortByIdea,
						settings.prices === undefined && effortFromMatrix && matrixChanged
					)
				: null
		};
		this.#last = aggregates;
		return aggregates;
	}

	/** Checks voter `v`'s entries of a framework (validateBallot's rules), one at a time. */
	#readEntries(table: EntryTable, v: number, voter: Voter, raw: ReadonlyMap<string, unknown>) {
		const { framework } = table;
		const { ideaIndex } = this.#context;
		const rejected: WorkshopRejection[] = [];
		table.begin();
		// forEach, as iterating a Map with for…of allocates an [id, entry] pair per entry.
		raw.forEach((entry, ideaId) => {
			const i = ideaIndex.get(ideaId);
			if (i === undefined) return;
			const checked = table.checkEntry(entry, i, v);
			if (checked instanceof Invalid) {
				rejected.push({ userId: voter.userId, framework, ideaId, reason: checked.reason });
			} else table.put(i, v, checked);
		});
		table.end(v, rejected);
	}

	/** Voter `v`'s dots or pledges, checked together, as an allowance is spent by the whole ballot. */
	#readAllowances(table: EntryTable, v: number, voter: Voter, raw: ReadonlyMap<string, unknown>) {
		const framework = table.framework as 'dots' | 'budget';
		const { ideaIndex, validation } = this.#context;
		const result = validateBallot(framework, raw, validation);
		table.begin();
		for (const [ideaId, amount] of result.valid) table.put(ideaIndex.get(ideaId)!, v, amount);
		table.end(
			v,
			result.rejected.map(({ ideaId, reason }) => ({
				userId: voter.userId,
				framework,
				ideaId,
				reason
			}))
		);
	}

	#rejections(): WorkshopRejection[] {
		const rejected: WorkshopRejection[] = [];
		for (const table of this.#tables.values()) {
			for (const mine of table.rejected) for (const r of mine) rejected.push(r);
		}
		return rejected.sort(
			(a, b) =>
				byId(a.userId, b.userId) || byId(a.framework, b.framework) || byId(a.ideaId, b.ideaId)
		);
	}

	/**
	 * Table, consensus and ranking of one numeric framework: first the scale (observed for RICE, so
	 * it can move with any entry) and, if it moved, every idea's divergence; then the changed ideas'
	 * rows and consensus, and the ranks.
	 */
	#numericAggregate<T, Row extends { ideaId: string; rank: number | null }>(
		framework: NumericId,
		spec: NumericFramework<T, Row>
	): NumericAggregate<Row> {
		const table = this.#tables.get(framework)!;
		const cache = this.#numeric.get(framework) as unknown as NumericCache<Row>;
		if (table.dirty.length === 0 && cache.result) return cache.result;
		const { ideaIds, byIdOrder, settings } = this.#context;
		const cap = settings.leadershipCap;
		const scale = frameworkInfo(framework).numeric?.scale ?? this.#observedScale(table, cache);
		// A moved scale changes every idea's divergence; the changed ideas get theirs below.
		if (cache.scale && scale !== cache.scale) {
			for (let i = 0; i < ideaIds.length; i++) {
				const idea = cache.consensus[i];
				if (!idea) continue;
				const medians = idea.byFunction.map((m) => m.median);
				cache.consensus[i] = { ...idea, divergence: divergence(medians, scale) };
			}
		}
		const group = this.#group;
		for (const i of table.dirty) {
			const { entries, count } = this.#readGroup(table, i);
			const { fields, entryLeaders, values, valueLeaders, starts } = group;
			const consensus =
				count > 0
					? groupedConsensus(ideaIds[i], values, starts, valueLeaders, scale, cap)
					: undefined;
			cache.consensus[i] = consensus;
			cache.rows[i] =
				entries > 0
					? spec.row(
							ideaIds[i],
							fields,
							entries,
							cap === undefined ? undefined : { isLeader: entryLeaders, cap },
							consensus
						)
					: undefined;
		}
		cache.scale = scale;
		table.clean();

		const ideas: IdeaConsensus[] = [];
		for (const i of byIdOrder) {
			const idea = cache.consensus[i];
			if (idea) ideas.push(idea);
		}
		// Ranking sets each row's rank, so a row already handed out is ranked as a copy; a row made in
		// this update is ranked itself.
		const unranked: Row[] = [];
		for (let i = 0; i < cache.rows.length; i++) {
			const base = cache.rows[i];
			if (base) unranked.push(cache.rankedFrom[i] === base ? { ...base } : base);
		}
		const rows = spec.rank(unranked);
		for (let k = 0; k < rows.length; k++) {
			const i = this.#context.ideaIndex.get(rows[k].ideaId)!;
			const before = cache.ranked[i];
			if (before && cache.rankedFrom[i] === cache.rows[i] && before.rank === rows[k].rank) {
				rows[k] = before;
			} else {
				cache.ranked[i] = rows[k];
				cache.rankedFrom[i] = cache.rows[i];
			}
		}
		const scores = new Map<string, number>();
		for (const row of rows) {
			const score = spec.score(row);
			if (score !== null) scores.set(row.ideaId, score);
		}
		const consensus = { scale, ideas };
		const ranked = rankConsensus(consensus, { scores });
		const ranking = cache.result
			? keepUnchanged(cache.result.ranking, ranked, sameRanking)
			: ranked;
		cache.result = { rows, consensus, ranking };
		return cache.result;
	}

	/**
	 * The range of everyone's personal numbers, for a framework without a fixed scale (RICE): the
	 * changed ideas' ranges are read again, the others' kept. The last scale when it has not moved,
	 * so results made with it stay the same.
	 */
	#observedScale(table: EntryTable, cache: NumericCache<{ ideaId: string; rank: number | null }>) {
		const { cells, numbers, stride, voters } = table;
		for (const i of table.dirty) {
			let min = Infinity;
			let max = -Infinity;
			for (let cell = i * voters; cell < (i + 1) * voters; cell++) {
				if (cells[cell] === undefined) continue;
				const value = numbers![cell * stride];
				if (value < min) min = value;
				if (value > max) max = value;
			}
			cache.min[i] = min;
			cache.max[i] = max;
		}
		let min = Infinity;
		let max = -Infinity;
		for (let i = 0; i < cache.min.length; i++) {
			if (cache.min[i] < min) min = cache.min[i];
			if (cache.max[i] > max) max = cache.max[i];
		}
		if (min > max) return NO_SPAN;
		const last = cache.scale;
		return last && last.min === min && last.max === max ? last : { min, max };
	}

	/**
	 * Reads idea `i`'s numbers into the group buffers, voters in function order: each entry's
	 * fields into `fields` for the framework's row, and the personal numbers of those who have one
	 * into `values`, grouped by function as `starts` says, for consensus; who among them is
	 * Leadership only under a cap. The buffers are overwritten for the next idea, so nothing that
	 * is kept may hold on to them.
	 */
	#readGroup(table: EntryTable, i: number): { entries: number; count: number } {
		const { byFunction, slots, leaders, settings } = this.#context;
		const { fields, values, starts, entryLeaders, valueLeaders } = this.#group;
		const { cells, numbers, stride } = table;
		const width = stride - 1;
		const weighed = settings.leadershipCap !== undefined;
		const from = i * table.voters;
		let n = 0;
		for (let v = 0; v < table.voters; v++) if (cells[from + v] !== undefined) n++;
		entryLeaders.length = 0;
		valueLeaders.length = 0;
		starts.fill(0);
		let e = 0;
		let count = 0;
		for (const v of byFunction) {
			const cell = from + v;
			if (cells[cell] === undefined) continue;
			const at = cell * stride;
			for (let k = 0; k < width; k++) fields[k * n + e] = numbers![at + 1 + k];
			e++;
			if (weighed) entryLeaders.push(leaders[v]);
			const value = numbers![at];
			if (Number.isNaN(value)) continue;
			values[count++] = value;
			if (weighed) valueLeaders.push(leaders[v]);
			starts[slots[v] + 1]++;
		}
		for (let f = 0; f < FUNCTION_SLOTS; f++) starts[f + 1] += starts[f];
		return { entries: n, count };
	}

	#moscow(
		effortByIdea: ReadonlyMap<string, number>,
		effortChanged: boolean
	): WorkshopAggregates['moscow'] {
		const table = this.#tables.get('moscow')!;
		const last = this.#last?.moscow;
		if (last && table.dirty.length === 0 && !effortChanged) return last;
		const { ideaIds, ideaIndex, voters, settings } = this.#context;
		const finals = settings.finalBuckets ?? new Map<string, Bucket>();
		let rows: MoscowRow[];
		if (last && table.dirty.length === 0) rows = last.rows;
		else {
			// Fresh, every idea: one nobody placed has a row when it has a final bucket.
			const changed = last ? table.dirty : ideaIds.map((_, i) => i);
			for (const i of changed) {
				const group = table.group<Bucket>(i, voters);
				const placed = group.entries;
				const final = finals.get(ideaIds[i]) ?? null;
				const weighting = weightingOf(group.voters, settings.leadershipCap);
				const weights = weighting ? capWeights(weighting.isLeader, weighting.cap) : null;
				this.#moscowRows[i] =
					placed.length > 0 || final !== null
						? moscowRow(ideaIds[i], placed, final, weights)
						: undefined;
			}
			table.clean();
			rows = [];
			for (const row of this.#moscowRows) if (row) rows.push(row);
			// A final bucket may be set for an idea that is gone; it still shows.
			for (const [ideaId, final] of finals) {
				if (!ideaIndex.has(ideaId)) rows.push(moscowRow(ideaId, [], final));
			}
			orderMoscowRows(rows);
		}
		return {
			rows,
			mustEffort: mustEffortShare(bucketsOf(rows), effortByIdea, settings.mustShare)
		};
	}

	#okr(): OkrSummary {
		const table = this.#tables.get('okr')!;
		const last = this.#last?.okr;
		if (last && table.dirty.length === 0) return last;
		table.clean();
		const { ideaIds, voters, settings } = this.#context;
		const votes = new Map<string, IdeaVotes<EntryTypes['okr']>>();
		for (let i = 0; i < ideaIds.length; i++) {
			const group = table.group<EntryTypes['okr']>(i, voters);
			if (group.entries.length > 0) votes.set(ideaIds[i], group);
		}
		return summarizeOkrVotes(votes, settings.objectives ?? [], ideaIds, settings.leadershipCap);
	}

	/** The valid dots or pledges of every voter who has that part of a ballot at all. */
	#allowances(table: EntryTable): BallotOf<number>[] {
		const { ideaIds, voters } = this.#context;
		const ballots: BallotOf<number>[] = [];
		voters.forEach((voter, v) => {
			if (table.raw[v] === undefined) return;
			const entries = new Map<string, number>();
			for (let i = 0; i < ideaIds.length; i++) {
				const amount = table.cells[i * voters.length + v];
				if (amount !== undefined) entries.set(ideaIds[i], amount as number);
			}
			ballots.push({ voter, entries });
		});
		return ballots;
	}

	#dots(): DotsSummary {
		const table = this.#tables.get('dots')!;
		const last = this.#last?.dots;
		if (last && table.dirty.length === 0) return last;
		table.clean();
		const summary = summarizeDots(this.#allowances(table), this.#context.settings.dotsPerPerson);
		if (last) keepUnchanged(last.ideas, summary.ideas, sameFlat);
		return summary;
	}

	#budget(prices: ReadonlyMap<string, number>, pricesChanged: boolean): BudgetSummary {
		const table = this.#tables.get('budget')!;
		const last = this.#last?.budget;
		if (last && table.dirty.length === 0 && !pricesChanged) return last;
		table.clean();
		const summary = summarizeBudget(
			this.#allowances(table),
			prices,
			this.#context.settings.budgetPerPerson
		);
		if (last) keepUnchanged(last.ideas, summary.ideas, sameFlat);
		return summary;
	}
}

/**
 * Every aggregate of a workshop in one call, from raw ballots: a fresh WorkshopAggregator's first
 * update. Each framework's entries are read once: checked (validateBallot's rules) and tabled by
 * idea and voter without copying them, then each idea's group is summarized from that table.
 */
export function computeAll(input: WorkshopInput): WorkshopAggregates {
	return new WorkshopAggregator().update(input);
}

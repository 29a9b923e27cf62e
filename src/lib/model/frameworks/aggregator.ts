/**
 * The aggregator: every aggregate of a workshop from its ballots, kept current as they change.
 * Its shape follows from speed (docs/architecture.md, "Aggregation"): a table per framework
 * (./entry-table.ts), numbers in columns (./numeric.ts and each framework's `numeric.ts`), results
 * that did not change kept by identity (./changes.ts).
 */
import type {
	NumericAggregate,
	WorkshopAggregates,
	WorkshopInput,
	WorkshopRejection,
	WorkshopShape
} from './aggregates.ts';
import { byId, type Voter } from './ballot.ts';
import { budgetAggregate } from './budget/aggregate.ts';
import { fingerprint, keepUnchanged, sameRanking } from './changes.ts';
import { Invalid, type ValidationSettings } from './check.ts';
import {
	divergence,
	FUNCTION_SLOTS,
	functionSlot,
	groupedConsensus,
	type IdeaConsensus,
	type Scale
} from './consensus.ts';
import { dotsAggregate } from './dots/aggregate.ts';
import { EntryTable } from './entry-table.ts';
import { FRAMEWORK_IDS, frameworkInfo, type FrameworkId } from './index.ts';
import { LEADERSHIP } from './leadership.ts';
import { MoscowResults } from './moscow/aggregate.ts';
import { NumericCache, type NumericFramework } from './numeric.ts';
import { okrAggregate } from './okr/aggregate.ts';
import { rankConsensus } from './ranking.ts';
import {
	isNumeric,
	NUMERIC,
	numericFrameworks,
	type NumericId,
	type NumericSpecs
} from './registry.ts';
import { DEFAULT_CRITERIA, type Criterion } from './scorecard/scorecard.ts';
import { entryCheck, validateBallot } from './validate.ts';
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
interface Context extends WorkshopShape {
	/** Idea indices in idea id order, the order consensus lists ideas in. */
	byIdOrder: readonly number[];
	/**
	 * Voter indices grouped by function (in the order of FUNCTIONS, ballot order within one), the
	 * order an idea's entries are read in, so its personal numbers come out grouped for consensus.
	 */
	byFunction: readonly number[];
	/** Per voter: the function slot (consensus.ts) and whether they are Leadership. */
	slots: Uint8Array;
	leaders: readonly boolean[];
	enabled: ReadonlySet<FrameworkId>;
	criteria: readonly Criterion[];
	numeric: NumericSpecs;
	validation: ValidationSettings;
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
	#moscow = new MoscowResults(0);
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
			numeric: numericFrameworks(criteria),
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
		this.#moscow = new MoscowResults(ideaIds.length);
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

		const tables = this.#tables;
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
				? this.#moscow.update(
						tables.get('moscow')!,
						context,
						last?.moscow,
						effortByIdea,
						effortFromMatrix && matrixChanged
					)
				: null,
			okr: enabled.has('okr') ? okrAggregate(tables.get('okr')!, context, last?.okr) : null,
			dots: enabled.has('dots') ? dotsAggregate(tables.get('dots')!, context, last?.dots) : null,
			budget: enabled.has('budget')
				? budgetAggregate(
						tables.get('budget')!,
						context,
						last?.budget,
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
}

/**
 * Every aggregate of a workshop in one call, from raw ballots: a fresh WorkshopAggregator's first
 * update. Each framework's entries are read once: checked (validateBallot's rules) and tabled by
 * idea and voter without copying them, then each idea's group is summarized from that table.
 */
export function computeAll(input: WorkshopInput): WorkshopAggregates {
	return new WorkshopAggregator().update(input);
}

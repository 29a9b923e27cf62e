import { refusedBeforeScoring, rejectionKey } from './ballot.ts';
import type { Idea } from './board.ts';
import {
	functionsHiddenIn,
	isIdeaVisible,
	isVisible,
	type FrameworkId,
	type Settings
} from './control.ts';
import type { IdeaConsensus } from './frameworks/consensus.ts';
import {
	type NumericAggregate,
	type WorkshopAggregates,
	type WorkshopBallot
} from './frameworks/aggregates.ts';
import { WorkshopAggregator } from './frameworks/aggregator.ts';
import type { Bucket } from './frameworks/moscow/moscow.ts';
import { pullsOf } from './frameworks/ranking.ts';
import { withDemand } from './frameworks/scorecard/demand.ts';
import { isVoter as canVote, type Member } from './members.ts';

/** One voter's untrusted ballot, as read from their document. */
export interface RawBallot {
	member: Member;
	entries: Map<FrameworkId, Map<string, unknown>>;
}

/** What the tally document should hold: each map's complete contents, JSON values. */
export interface TallyContents {
	maps: Record<string, Map<string, unknown>>;
	/** Per voter: rejection key → reason, for the entries the derivation ignored. */
	rejected: Map<string, Map<string, string>>;
	/**
	 * The keys, per map, that may differ from the contents this derivation gave last time; the
	 * rest are the same. Absent: anything may differ.
	 */
	changed?: Record<string, ReadonlySet<string>>;
}

/**
 * Derives a workshop's tally. It may keep state between calls (see createTallyDerivation): a
 * RawBallot's framework Maps are passed again, the same objects, while that ballot is unchanged.
 */
export type Derive = (input: {
	ideas: Idea[];
	settings: Settings;
	ballots: RawBallot[];
	members: Member[];
}) => TallyContents;

/**
 * What the `tally` document holds, derived from the ballots (layout in docs/documents.md):
 * - `status`: `voters` → how many members may vote.
 * - `votes`: `<framework>|<ideaId>` → how many people have a valid entry for the idea.
 * - `voted`: `<framework>|<userId>` → how many ideas that person has a valid entry for.
 * - `aggregates`: `<framework>|<ideaId>` → the idea's group result (hidden while blind, unless the
 *   facilitator revealed that idea on its own: then with `rank: null`). No rank and no ranking
 *   row otherwise: they depend on every idea, so one moved median would rewrite many entries;
 *   readers rank the rows they have (./tally-aggregates.ts).
 * - `summary`: `<framework>` → framework-wide results (hidden while blind).
 * - `individual`: `<framework>|<ideaId>|<userId>` → that person's entry with their name and
 *   function (and `proxy: true` when a facilitator entered it for them), only when the framework
 *   (or that idea) is visible, the workshop is not anonymous and functions are not hidden.
 * Everything is keyed per idea (or per person) so that one change sends one small update.
 */
/** In anonymous workshops, group results of fewer people than this show only their count. */
export const ANONYMITY_THRESHOLD = 3;

const MAPS = ['status', 'votes', 'voted', 'aggregates', 'summary', 'individual'] as const;
type MapName = (typeof MAPS)[number];

const NO_ENTRIES: ReadonlyMap<string, unknown> = new Map();

/** What one workshop's derivation keeps between calls. */
interface State {
	/** What, besides the ballots, the tally's contents depend on; a change starts afresh. */
	view: string;
	maps: Record<MapName, Map<string, unknown>>;
	/** Per framework, per cell (`i * voters + v`): whether that entry is counted. */
	counted: Map<FrameworkId, Uint8Array>;
	/** Per framework: valid entries per idea, and per voter. */
	perIdea: Map<FrameworkId, Int32Array>;
	perVoter: Map<FrameworkId, Int32Array>;
	/** Per framework, and per `summary|<framework>`: what its tally values were made from. */
	source: Map<string, unknown>;
	/** Per framework and idea: what its `aggregates` value was made from, to remake only what changed. */
	made: Map<FrameworkId, Map<string, readonly unknown[]>>;
}

/**
 * The tally derivation of one workshop. It keeps the tally's contents and a WorkshopAggregator
 * between calls, so that when only some ballots changed (the ballots of unchanged voters are
 * passed as the same Maps) it recomputes only the ideas whose entries changed and remakes only
 * the tally values that differ, listing their keys in `changed`. A change of ideas, members or
 * settings derives everything again.
 */
export function createTallyDerivation(): Derive {
	const aggregator = new WorkshopAggregator();
	let state: State | undefined;
	return (input) => {
		try {
			const result = derive(input, aggregator, state);
			state = result.state;
			return result.contents;
		} catch (error) {
			state = undefined;
			throw error;
		}
	};
}

/** The whole tally from scratch (a derivation used once). */
export const deriveTally: Derive = (input) => createTallyDerivation()(input);

function derive(
	{ ideas, settings, ballots, members }: Parameters<Derive>[0],
	aggregator: WorkshopAggregator,
	previous: State | undefined
): { contents: TallyContents; state: State } {
	const ideaIds = ideas.map((i) => i.id);
	const enabled = settings.frameworks;
	const result = aggregator.update({
		ideaIds,
		ballots: ballots.map(({ member, entries }): WorkshopBallot => {
			const frameworks: WorkshopBallot['frameworks'] = {};
			// Before scoring opens no entry counts ([RM8]); each is refused below.
			for (const fw of enabled)
				frameworks[fw] = settings.beforeScoring ? NO_ENTRIES : (entries.get(fw) ?? NO_ENTRIES);
			return {
				voter: { userId: member.userId, name: member.name, function: member.function },
				frameworks
			};
		}),
		settings: {
			enabled,
			criteria: settings.criteria.length > 0 ? withDemand(settings.criteria, ideas) : undefined,
			objectives: settings.objectives,
			dotsPerPerson: settings.dotsPerPerson,
			budgetPerPerson: settings.budgetPerPerson,
			finalBuckets: settings.moscowFinal as Map<string, Bucket>,
			mustShare: settings.mustShareLimit,
			// The facilitator's prices are their effort estimates: for buy-a-feature and for the
			// MoSCoW effort share. Without any, the matrix's median effort stands in.
			prices: settings.prices.size > 0 ? settings.prices : undefined,
			effortByIdea: settings.prices.size > 0 ? settings.prices : undefined,
			leadershipCap: settings.leadershipCap
		}
	});

	const view = JSON.stringify([
		enabled,
		settings.blind,
		settings.anonymous,
		settings.hideFunctions,
		[...settings.revealed],
		[...settings.revealedIdeas].sort(),
		settings.beforeScoring === true,
		members.map((m) => [m.userId, m.name, m.function, m.role, m.proxy])
	]);
	const fresh = !previous || aggregator.fresh || previous.view !== view;
	const state: State = fresh
		? {
				view,
				maps: Object.fromEntries(MAPS.map((name) => [name, new Map()])) as State['maps'],
				counted: new Map(),
				perIdea: new Map(),
				perVoter: new Map(),
				source: new Map(),
				made: new Map()
			}
		: previous;
	const { votes, voted, aggregates, summary, individual } = state.maps;
	const changed = fresh
		? undefined
		: (Object.fromEntries(MAPS.map((name) => [name, new Set<string>()])) as Record<
				MapName,
				Set<string>
			>);

	const rejected: TallyContents['rejected'] = new Map();
	for (const r of result.rejected) {
		let mine = rejected.get(r.userId);
		if (!mine) rejected.set(r.userId, (mine = new Map()));
		mine.set(rejectionKey(r.framework, r.ideaId), r.reason);
	}
	if (settings.beforeScoring) {
		for (const { member, entries } of ballots) {
			const refused = refusedBeforeScoring(entries, enabled);
			if (refused.size > 0) rejected.set(member.userId, refused);
		}
	}

	// Counted entries, per idea and per person, and individual entries: from scratch, every
	// cell of the idea × voter table (108k in a 300 × 40 workshop with every framework), so it
	// builds one key string per entry at most, and none while scores are hidden; afterwards only
	// the cells whose entry changed.
	const voters = aggregator.voters;
	const proxies = new Set(members.filter((m) => m.proxy).map((m) => m.userId));
	const cellCount = ideaIds.length * voters.length;
	for (const fw of enabled) {
		const named = !settings.anonymous && !functionsHiddenIn(settings, fw);
		// Per idea (index) whether its people may be shown: every idea once the framework is
		// visible, else those the facilitator revealed one by one.
		const shown = isVisible(settings, fw)
			? null
			: new Set(ideaIds.flatMap((id, i) => (isIdeaVisible(settings, fw, id) ? [i] : [])));
		const showPeople = named && (shown === null || shown.size > 0);
		let counted = state.counted.get(fw);
		let perIdea = state.perIdea.get(fw);
		let perVoter = state.perVoter.get(fw);
		if (!counted || !perIdea || !perVoter) {
			state.counted.set(fw, (counted = new Uint8Array(cellCount)));
			state.perIdea.set(fw, (perIdea = new Int32Array(ideaIds.length)));
			state.perVoter.set(fw, (perVoter = new Int32Array(voters.length)));
		}
		const touchedIdeas = new Set<number>();
		const touchedVoters = new Set<number>();
		// Individual keys are the idea's prefix and the voter's id: one join per entry, not three.
		const prefixes = showPeople ? ideaIds.map((ideaId) => `${fw}|${ideaId}|`) : [];
		const entries = aggregator.entries(fw);
		const visit = (cell: number) => {
			const i = Math.floor(cell / voters.length);
			const v = cell - i * voters.length;
			const entry = entries[cell];
			const has = entry !== undefined;
			if (has !== (counted[cell] === 1)) {
				counted[cell] = has ? 1 : 0;
				perIdea[i] += has ? 1 : -1;
				perVoter[v] += has ? 1 : -1;
				touchedIdeas.add(i);
				touchedVoters.add(v);
			}
			if (!showPeople || (shown !== null && !shown.has(i))) return;
			// A fresh map holds nothing to remove.
			if (!has && fresh) return;
			const { userId, name, function: fn } = voters[v];
			const key = prefixes[i] + userId;
			if (has) {
				individual.set(
					key,
					proxies.has(userId)
						? { name, function: fn, entry, proxy: true }
						: { name, function: fn, entry }
				);
			} else individual.delete(key);
			changed?.individual.add(key);
		};
		if (fresh) {
			for (let cell = 0; cell < cellCount; cell++) visit(cell);
		} else {
			for (const cell of aggregator.changed(fw)) visit(cell);
		}
		for (const i of touchedIdeas) {
			const key = `${fw}|${ideaIds[i]}`;
			if (perIdea[i] > 0) votes.set(key, perIdea[i]);
			else votes.delete(key);
			changed?.votes.add(key);
		}
		for (const v of touchedVoters) {
			const key = `${fw}|${voters[v].userId}`;
			if (perVoter[v] > 0) voted.set(key, perVoter[v]);
			else voted.delete(key);
			changed?.voted.add(key);
		}
	}

	// In an anonymous workshop a group result of one or two people would give their entries away
	// (two people's median and spread determine both values), so such results carry only a count.
	const tooFew = (count: number) => settings.anonymous && count < ANONYMITY_THRESHOLD;
	/**
	 * Brings the `aggregates` values of one framework up to date: a value is remade only when
	 * something it is made from (`parts`) is not the same object, or number, as last time.
	 */
	const perIdea = <Row extends { ideaId: string }>(
		fw: FrameworkId,
		rows: readonly Row[],
		partsOf: (row: Row) => unknown[],
		make: (row: Row, count: number) => unknown
	) => {
		let made = state.made.get(fw);
		if (!made) state.made.set(fw, (made = new Map()));
		const present = new Set<string>();
		for (const row of rows) {
			const { ideaId } = row;
			present.add(ideaId);
			const parts = partsOf(row);
			const before = made.get(ideaId);
			if (
				before &&
				before.length === parts.length &&
				before.every((part, k) => part === parts[k])
			) {
				continue;
			}
			made.set(ideaId, parts);
			// The count is the last part.
			const count = parts[parts.length - 1] as number;
			const key = `${fw}|${ideaId}`;
			aggregates.set(key, tooFew(count) ? { ideaId, count, hidden: true } : make(row, count));
			changed?.aggregates.add(key);
		}
		for (const ideaId of made.keys()) {
			if (present.has(ideaId)) continue;
			made.delete(ideaId);
			aggregates.delete(`${fw}|${ideaId}`);
			changed?.aggregates.add(`${fw}|${ideaId}`);
		}
	};
	const votesOf = (fw: FrameworkId, ideaId: string) =>
		(votes.get(`${fw}|${ideaId}`) as number) ?? 0;
	/**
	 * A row as the tally holds it: without its rank, which readers derive from the rows they have,
	 * so that one idea moving up does not rewrite every idea it passed. Ideas revealed one by one in
	 * a framework that stays blind keep `rank: null`: readers rank none of them, as a rank among the
	 * hidden ideas would tell about those.
	 */
	const unranked = <T extends object>(row: T, whole: boolean): T => {
		if (!('rank' in row)) return row;
		if (!whole) return { ...row, rank: null };
		const copy: Record<string, unknown> = { ...row };
		delete copy.rank;
		return copy as T;
	};
	/** What a row is made from besides its rank: the same values mean the same tally entry. */
	const partsOf = (row: object): unknown[] =>
		Object.entries(row).flatMap(([key, value]) => (key === 'rank' ? [] : [value]));
	const countedRows = <Row extends { ideaId: string }>(fw: FrameworkId, rows: readonly Row[]) => {
		const whole = isVisible(settings, fw);
		perIdea(
			fw,
			whole ? rows : rows.filter((row) => isIdeaVisible(settings, fw, row.ideaId)),
			(row) => [...partsOf(row), votesOf(fw, row.ideaId)],
			(row) => unranked(row, whole)
		);
	};
	const numeric = <Row extends { ideaId: string }>(fw: FrameworkId, agg: NumericAggregate<Row>) => {
		const whole = isVisible(settings, fw);
		const consensus = new Map<string, IdeaConsensus>(agg.consensus.ideas.map((c) => [c.ideaId, c]));
		const { scale } = agg.consensus;
		// Anti-HiPPO: until the reveal, nothing says which function scored what.
		const hideFunctions = functionsHiddenIn(settings, fw);
		perIdea(
			fw,
			whole ? agg.rows : agg.rows.filter((row) => isIdeaVisible(settings, fw, row.ideaId)),
			(row) => {
				// A moved scale gives every idea a new consensus object, so the pulls follow it.
				const idea = consensus.get(row.ideaId);
				return [...partsOf(row), idea, idea?.count ?? votesOf(fw, row.ideaId)];
			},
			(row) => {
				const idea = consensus.get(row.ideaId);
				const entry: Record<string, unknown> = {
					...unranked(row, whole),
					consensus: idea && {
						...idea,
						byFunction: hideFunctions ? [] : idea.byFunction.filter((f) => !tooFew(f.count))
					}
				};
				// The functions pulling the idea up or down are measured against the scale of
				// everyone's numbers, which readers of an anonymous workshop do not get: the ranking
				// row's only part they could not derive, so it comes with the idea (readers move it
				// into the ranking row they make).
				if (whole && idea) {
					const pulls = hideFunctions ? { pulledUpBy: [], pulledDownBy: [] } : pullsOf(idea, scale);
					entry.pulledUpBy = pulls.pulledUpBy;
					entry.pulledDownBy = pulls.pulledDownBy;
				}
				return entry;
			}
		);
		// The observed scale is the lowest and highest personal number: individual values.
		if (whole && !settings.anonymous) setSummary(fw, agg.consensus.scale, (scale) => ({ scale }));
	};
	const setSummary = <T>(fw: FrameworkId, part: T, make: (part: T) => unknown) => {
		if (!fresh && summary.has(fw) && state.source.get(`summary|${fw}`) === part) return;
		state.source.set(`summary|${fw}`, part);
		summary.set(fw, make(part));
		changed?.summary.add(fw);
	};
	/** Skips a framework whose aggregate is the very object its values were last made from. */
	const unchanged = (fw: FrameworkId, aggregate: unknown) => {
		if (!fresh && state.source.get(fw) === aggregate) return true;
		state.source.set(fw, aggregate);
		return false;
	};
	const visible = (fw: keyof Omit<WorkshopAggregates, 'rejected'>) =>
		enabled.includes(fw) && isVisible(settings, fw) && result[fw] !== null;
	/** A blind framework of which the facilitator revealed some ideas one by one. */
	const partly = (fw: FrameworkId) =>
		settings.revealedIdeas.size > 0 &&
		enabled.includes(fw) &&
		ideaIds.some((id) => isIdeaVisible(settings, fw, id));
	for (const fw of ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const) {
		const agg = result[fw];
		if ((visible(fw) || partly(fw)) && agg && !unchanged(fw, agg)) {
			numeric(fw, agg as NumericAggregate<{ ideaId: string }>);
		}
	}
	if (
		(visible('moscow') || partly('moscow')) &&
		result.moscow &&
		!unchanged('moscow', result.moscow)
	) {
		countedRows('moscow', result.moscow.rows);
		if (visible('moscow'))
			setSummary('moscow', result.moscow.mustEffort, (mustEffort) => ({ mustEffort }));
	}
	if ((visible('dots') || partly('dots')) && result.dots && !unchanged('dots', result.dots)) {
		countedRows('dots', result.dots.ideas);
	}
	if (
		(visible('budget') || partly('budget')) &&
		result.budget &&
		!unchanged('budget', result.budget)
	) {
		countedRows('budget', result.budget.ideas);
	}
	if (visible('okr') && result.okr) setSummary('okr', result.okr, (okr) => okr);

	if (fresh) {
		state.maps.status.set('voters', members.filter((m) => canVote(m.role)).length);
	}
	return { contents: { maps: state.maps, rejected, changed }, state };
}

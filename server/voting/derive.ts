import { rejectionKey } from '../../src/lib/model/ballot.ts';
import { functionsHiddenIn, isVisible, type FrameworkId } from '../../src/lib/model/control.ts';
import type { IdeaConsensus } from '../../src/lib/model/frameworks/consensus.ts';
import { computeAll, type NumericAggregate } from '../../src/lib/model/frameworks/all.ts';
import type { Bucket } from '../../src/lib/model/frameworks/moscow.ts';
import type { RankingRow } from '../../src/lib/model/frameworks/ranking.ts';
import { votes as canVote } from '../sync/documents.ts';
import type { Derive, TallyContents } from './live-workshops.ts';

/**
 * What the `tally` document holds, derived from the ballots (layout in docs/documents.md):
 * - `status`: `voters` → how many members may vote.
 * - `votes`: `<framework>|<ideaId>` → how many people have a valid entry for the idea.
 * - `voted`: `<framework>|<userId>` → how many ideas that person has a valid entry for.
 * - `aggregates`: `<framework>|<ideaId>` → the idea's group result (hidden while blind).
 * - `summary`: `<framework>` → framework-wide results (hidden while blind).
 * - `individual`: `<framework>|<ideaId>|<userId>` → that person's entry with their name and
 *   function (and `proxy: true` when a facilitator entered it for them), only when the framework
 *   is visible, the workshop is not anonymous and functions are not hidden.
 * Everything is keyed per idea (or per person) so that one change sends one small update.
 */
/** In anonymous workshops, group results of fewer people than this show only their count. */
export const ANONYMITY_THRESHOLD = 3;

export const deriveTally: Derive = ({ ideas, settings, ballots, members }) => {
	const ideaIds = ideas.map((i) => i.id);
	const known = new Set(ideaIds);
	const enabled = settings.frameworks;
	const result = computeAll({
		ideaIds,
		ballots: ballots.map(({ member, entries }) => ({
			voter: { userId: member.userId, name: member.name, function: member.function },
			frameworks: Object.fromEntries(enabled.map((fw) => [fw, entries.get(fw) ?? new Map()]))
		})),
		settings: {
			enabled,
			criteria: settings.criteria.length > 0 ? settings.criteria : undefined,
			objectives: settings.objectives,
			dotsPerPerson: settings.dotsPerPerson,
			budgetPerPerson: settings.budgetPerPerson,
			finalBuckets: settings.moscowFinal as Map<string, Bucket>,
			mustShare: settings.mustShareLimit,
			// The facilitator's prices are their effort estimates: for buy-a-feature and for the
			// MoSCoW effort share. Without any, computeAll falls back to the matrix's median effort.
			prices: settings.prices.size > 0 ? settings.prices : undefined,
			effortByIdea: settings.prices.size > 0 ? settings.prices : undefined
		}
	});

	const rejected: TallyContents['rejected'] = new Map();
	for (const r of result.rejected) {
		let mine = rejected.get(r.userId);
		if (!mine) rejected.set(r.userId, (mine = new Map()));
		mine.set(rejectionKey(r.framework, r.ideaId), r.reason);
	}

	// This loop visits every entry of every ballot (108k in a 300 × 40 workshop with every
	// framework), so it builds one key string per entry at most, and none while scores are hidden.
	const votes = new Map<string, number>();
	const voted = new Map<string, number>();
	const individual = new Map<string, unknown>();
	for (const fw of enabled) {
		const showPeople =
			isVisible(settings, fw) && !settings.anonymous && !functionsHiddenIn(settings, fw);
		const perIdea = new Map<string, number>();
		for (const { member, entries } of ballots) {
			const mine = rejected.get(member.userId);
			let count = 0;
			for (const [ideaId, entry] of entries.get(fw) ?? []) {
				if (!known.has(ideaId) || (mine && mine.has(rejectionKey(fw, ideaId)))) continue;
				count++;
				perIdea.set(ideaId, (perIdea.get(ideaId) ?? 0) + 1);
				if (showPeople) {
					individual.set(
						`${fw}|${ideaId}|${member.userId}`,
						member.proxy
							? { name: member.name, function: member.function, entry, proxy: true }
							: { name: member.name, function: member.function, entry }
					);
				}
			}
			if (count > 0) voted.set(`${fw}|${member.userId}`, count);
		}
		for (const [ideaId, count] of perIdea) votes.set(`${fw}|${ideaId}`, count);
	}

	const aggregates = new Map<string, unknown>();
	const summary = new Map<string, unknown>();
	// In an anonymous workshop a group result of one or two people would give their entries away
	// (two people's median and spread determine both values), so such results carry only a count.
	const tooFew = (count: number) => settings.anonymous && count < ANONYMITY_THRESHOLD;
	const set = (fw: FrameworkId, ideaId: string, count: number, row: unknown) => {
		aggregates.set(`${fw}|${ideaId}`, tooFew(count) ? { ideaId, count, hidden: true } : row);
	};
	const perIdea = (fw: FrameworkId, rows: { ideaId: string }[]) => {
		for (const row of rows) set(fw, row.ideaId, votes.get(`${fw}|${row.ideaId}`) ?? 0, row);
	};
	const numeric = <Row extends { ideaId: string }>(fw: FrameworkId, agg: NumericAggregate<Row>) => {
		const consensus = new Map<string, IdeaConsensus>(agg.consensus.ideas.map((c) => [c.ideaId, c]));
		const ranking = new Map<string, RankingRow>(agg.ranking.map((r) => [r.ideaId, r]));
		// Anti-HiPPO: until the reveal, nothing says which function scored what.
		const hideFunctions = functionsHiddenIn(settings, fw);
		for (const row of agg.rows) {
			const idea = consensus.get(row.ideaId);
			const count = idea?.count ?? votes.get(`${fw}|${row.ideaId}`) ?? 0;
			const rank = ranking.get(row.ideaId) ?? null;
			set(fw, row.ideaId, count, {
				...row,
				consensus: idea && {
					...idea,
					byFunction: hideFunctions ? [] : idea.byFunction.filter((f) => !tooFew(f.count))
				},
				ranking: rank && hideFunctions ? { ...rank, pulledUpBy: [], pulledDownBy: [] } : rank
			});
		}
		// The observed scale is the lowest and highest personal number: individual values.
		if (!settings.anonymous) summary.set(fw, { scale: agg.consensus.scale });
	};
	const visible = (fw: FrameworkId) => enabled.includes(fw) && isVisible(settings, fw);
	if (visible('matrix') && result.matrix) numeric('matrix', result.matrix);
	if (visible('rice') && result.rice) numeric('rice', result.rice);
	if (visible('ice') && result.ice) numeric('ice', result.ice);
	if (visible('wsjf') && result.wsjf) numeric('wsjf', result.wsjf);
	if (visible('scorecard') && result.scorecard) numeric('scorecard', result.scorecard);
	if (visible('moscow') && result.moscow) {
		perIdea('moscow', result.moscow.rows);
		summary.set('moscow', { mustEffort: result.moscow.mustEffort });
	}
	if (visible('dots') && result.dots) perIdea('dots', result.dots.ideas);
	if (visible('budget') && result.budget) perIdea('budget', result.budget.ideas);
	if (visible('okr') && result.okr) summary.set('okr', result.okr);

	const voters = members.filter((m) => canVote(m.role)).length;
	return {
		maps: {
			status: new Map([['voters', voters]]),
			votes,
			voted,
			aggregates,
			summary,
			individual
		},
		rejected
	};
};

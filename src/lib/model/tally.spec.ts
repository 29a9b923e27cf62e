import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Settings } from './control.ts';
import { computeAll } from './frameworks/aggregator.ts';
import type { NumericAggregate } from './frameworks/aggregates.ts';
import { FRAMEWORK_IDS, type FrameworkId } from './frameworks/index.ts';
import type { RankingRow } from './frameworks/ranking.ts';
import { sampleObjectives, sampleWorkshop } from './frameworks/sample-workshop.ts';
import { DEFAULT_CRITERIA } from './frameworks/scorecard/scorecard.ts';
import type { Member } from './members.ts';
import { completeAggregates, readAggregates } from './tally.ts';
import { deriveTally, type RawBallot } from './tally-derivation.ts';

type Row = Record<string, unknown>;

const settings = (overrides: Partial<Settings>): Settings => ({
	frameworks: [...FRAMEWORK_IDS],
	blind: false,
	anonymous: false,
	hideFunctions: false,
	revealed: new Set(),
	revealedIdeas: new Set(),
	dotsPerPerson: 5,
	budgetPerPerson: 100,
	mustShareLimit: 0.6,
	criteria: [...DEFAULT_CRITERIA],
	objectives: sampleObjectives,
	moscowFinal: new Map(),
	prices: new Map(),
	...overrides
});

/** The seeded sample workshop, as the server's derivation reads it and as the aggregator does. */
function sample() {
	const { ideaIds, ballots } = sampleWorkshop(40, 12, 3);
	const members: Member[] = ballots.map(({ voter }) => ({
		...voter,
		role: 'participant',
		isGuest: false,
		proxy: false
	}));
	const ideas = ideaIds.map((id, i) => ({
		id,
		title: `Idea ${i}`,
		description: '',
		createdBy: 'u',
		createdAt: i
	}));
	const raw: RawBallot[] = ballots.map((b, i) => ({
		member: members[i],
		entries: new Map(Object.entries(b.frameworks)) as RawBallot['entries']
	}));
	return { ideaIds, ballots, ideas, members, raw };
}

/** One framework's entries of a derived tally's `aggregates`, by idea id. */
function group(aggregates: Map<string, unknown>, framework: FrameworkId): Map<string, Row> {
	const rows = new Map<string, Row>();
	for (const [key, value] of aggregates) {
		const [fw, ideaId] = key.split('|');
		if (fw === framework) rows.set(ideaId, value as Row);
	}
	return rows;
}

describe('completeAggregates', () => {
	// What the server wrote into every row before it stopped ranking (tally-derivation.ts, until
	// issue 13): the aggregator's ranked row, its consensus and its ranking row.
	for (const [view, overrides] of [
		['visible', {}],
		['functions hidden', { hideFunctions: true }],
		['anonymous', { anonymous: true }]
	] as [string, Partial<Settings>][]) {
		it(`[TB1] ranks as the server did on the sample workshop (${view})`, () => {
			const { ideaIds, ballots, ideas, members, raw } = sample();
			const chosen = settings(overrides);
			const { maps } = deriveTally({ ideas, settings: chosen, ballots: raw, members });
			const expected = computeAll({
				ideaIds,
				ballots,
				settings: {
					enabled: chosen.frameworks,
					criteria: chosen.criteria,
					objectives: chosen.objectives,
					dotsPerPerson: chosen.dotsPerPerson,
					budgetPerPerson: chosen.budgetPerPerson,
					finalBuckets: new Map(),
					mustShare: chosen.mustShareLimit
				}
			});
			const hidden = overrides.hideFunctions === true;
			for (const fw of ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const) {
				const agg = expected[fw] as NumericAggregate<{ ideaId: string }>;
				const consensus = new Map(agg.consensus.ideas.map((c) => [c.ideaId, c]));
				const ranking = new Map<string, RankingRow>(agg.ranking.map((r) => [r.ideaId, r]));
				const complete = completeAggregates(fw, group(maps.aggregates, fw));
				expect(complete.size).toBe(agg.rows.length);
				for (const row of agg.rows) {
					const idea = consensus.get(row.ideaId)!;
					const rankingRow = ranking.get(row.ideaId)!;
					expect(complete.get(row.ideaId)).toEqual({
						...row,
						consensus: {
							...idea,
							byFunction: hidden
								? []
								: idea.byFunction.filter((f) => !chosen.anonymous || f.count >= 3)
						},
						ranking: hidden ? { ...rankingRow, pulledUpBy: [], pulledDownBy: [] } : rankingRow
					});
				}
			}
			const dots = completeAggregates('dots', group(maps.aggregates, 'dots'));
			const withVoters = expected.dots!.ideas.filter((row) => row.voters >= 3 || !chosen.anonymous);
			// Anonymous: results of fewer than 3 people are hidden, and not ranked among the others.
			if (!chosen.anonymous) {
				for (const row of expected.dots!.ideas) expect(dots.get(row.ideaId)).toEqual(row);
			} else {
				expect(withVoters.length).toBeLessThan(expected.dots!.ideas.length);
				const ranks = withVoters.map((row) => dots.get(row.ideaId)?.rank);
				expect(ranks[0]).toBe(1);
				expect([...ranks].sort((a, b) => Number(a) - Number(b))).toEqual(ranks);
			}
		});
	}

	it('keeps rows that carry their rank: written before ranks moved to readers, or revealed alone', () => {
		const old = new Map<string, Row>([
			['a', { ideaId: 'a', rank: 2, score: 1, ranking: { rank: 2, score: 1 } }],
			['b', { ideaId: 'b', rank: 1, score: 5, ranking: { rank: 1, score: 5 } }]
		]);
		expect(completeAggregates('rice', old)).toBe(old);
		const alone = new Map<string, Row>([['a', { ideaId: 'a', score: 1, rank: null }]]);
		expect(completeAggregates('rice', alone)).toBe(alone);
	});

	it('ranks ties together and leaves rows without a score unranked', () => {
		const rows = new Map<string, Row>([
			['c', { ideaId: 'c', composite: 3, consensus: { count: 3, median: 3, spread: 0 } }],
			['a', { ideaId: 'a', composite: 4, consensus: { count: 3, median: 4, spread: 1 } }],
			['b', { ideaId: 'b', composite: 4, consensus: { count: 3, median: 4, spread: 1 } }],
			['d', { ideaId: 'd', composite: null, consensus: { count: 3, median: 2, spread: 0 } }],
			['e', { ideaId: 'e', count: 1, hidden: true }]
		]);
		const complete = completeAggregates('scorecard', rows);
		expect([...complete].map(([id, row]) => [id, row.rank])).toEqual([
			['c', 3],
			['a', 1],
			['b', 1],
			['d', null],
			['e', undefined]
		]);
		// The ranking falls back to the consensus median for an idea without a composite.
		expect(complete.get('d')?.ranking).toMatchObject({ rank: 4, score: 2, voters: 3 });
	});
});

describe('readAggregates', () => {
	it('reads each framework of a tally document, completed', () => {
		const tally = new Y.Doc();
		const aggregates = tally.getMap('aggregates');
		aggregates.set('dots|x', { ideaId: 'x', dots: 1, voters: 1 });
		aggregates.set('dots|y', { ideaId: 'y', dots: 4, voters: 2 });
		aggregates.set('nonsense|x', { dots: 9 });
		aggregates.set('dots|z', 'garbage');
		const read = readAggregates(tally);
		expect([...read.keys()]).toEqual(['dots']);
		expect(read.get('dots')?.get('y')).toEqual({ ideaId: 'y', dots: 4, voters: 2, rank: 1 });
		expect(read.get('dots')?.get('x')?.rank).toBe(2);
	});
});

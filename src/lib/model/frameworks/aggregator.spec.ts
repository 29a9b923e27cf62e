import { describe, expect, it } from 'vitest';
import type { Placement } from '../board.ts';
import { FUNCTIONS } from '../functions.ts';
import { summarize } from './matrix/matrix.ts';
import { type WorkshopInput } from './aggregates.ts';
import { computeAll, WorkshopAggregator } from './aggregator.ts';
import type { BallotOf } from './ballot.ts';
import { summarizeConsensus } from './consensus.ts';
import { iceScore, summarizeIce } from './ice/ice.ts';
import { FRAMEWORK_IDS, frameworkInfo, type FrameworkId } from './index.ts';
import { riceScore, summarizeRice } from './rice/rice.ts';
import { mulberry32 } from '../random.ts';
import { entryMaker, sampleObjectives, sampleWorkshop } from './sample-workshop.ts';
import { composer, DEFAULT_CRITERIA, summarizeScorecard } from './scorecard/scorecard.ts';
import type { EntryTypes } from './check.ts';
import { summarizeWsjf, wsjfScore } from './wsjf/wsjf.ts';

describe('computeAll', () => {
	it('computes every framework for 300 ideas × 40 voters', () => {
		const { ideaIds, ballots } = sampleWorkshop(300, 40, 42);
		// Two planted mistakes, to be reported and left out.
		ballots[0].frameworks.ice.set('idea-000', { impact: 11, confidence: 5, ease: 5 });
		ballots[1].frameworks.moscow.set('idea-001', 'maybe');
		// A value written as undefined is an entry too, and refused; one for an idea the workshop
		// does not have is ignored.
		ballots[2].frameworks.matrix.set('idea-002', undefined);
		ballots[3].frameworks.rice.set('idea-gone', { reach: -1 });
		const all = computeAll({ ideaIds, ballots, settings: { objectives: sampleObjectives } });

		expect(all.rejected).toEqual([
			{
				userId: 'user-0',
				framework: 'ice',
				ideaId: 'idea-000',
				reason: 'Impact must be a whole number from 1 to 10'
			},
			{
				userId: 'user-1',
				framework: 'moscow',
				ideaId: 'idea-001',
				reason: "The bucket must be one of Must, Should, Could or Won't"
			},
			{
				userId: 'user-2',
				framework: 'matrix',
				ideaId: 'idea-002',
				reason: 'A placement needs value, effort'
			}
		]);
		for (const framework of ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const) {
			const aggregate = all[framework];
			expect(aggregate?.rows).toHaveLength(300);
			expect(aggregate?.consensus.ideas).toHaveLength(300);
			expect(aggregate?.ranking).toHaveLength(300);
			expect(aggregate?.ranking[0].rank).toBe(1);
			for (const idea of aggregate?.consensus.ideas ?? []) {
				expect(idea.byFunction).toHaveLength(FUNCTIONS.length);
				expect(idea.divergence).toBeGreaterThanOrEqual(0);
			}
		}
		expect(all.ice?.rows.find((row) => row.ideaId === 'idea-000')?.count).toBe(39);
		const first = all.matrix?.rows.find((row) => row.ideaId === 'idea-000');
		const placements = ballots.map((b) => b.frameworks.matrix.get('idea-000') as Placement);
		expect(first).toMatchObject({ ...summarize(placements) });
		expect(all.moscow?.rows).toHaveLength(300);
		expect(all.moscow?.mustEffort.unestimated).toEqual([]);
		expect(all.okr?.coverage).toHaveLength(2);
		expect(all.dots?.voters.every((v) => v.used === 5 && v.remaining === 0)).toBe(true);
		expect(all.budget?.ideas).toHaveLength(300);
		expect(all.budget?.voters.every((v) => v.used <= 100)).toBe(true);
	}, 30_000);

	it('agrees with each framework’s own summary and consensus, computed on their own', () => {
		const { ideaIds, ballots } = sampleWorkshop(40, 25, 9);
		const all = computeAll({ ideaIds, ballots, settings: { criteria: DEFAULT_CRITERIA } });
		const of = <F extends FrameworkId>(framework: F) =>
			ballots.map(({ voter, frameworks }) => ({
				voter,
				entries: frameworks[framework] as Map<string, EntryTypes[F]>
			}));
		const personal = <F extends FrameworkId>(
			framework: F,
			number: (entry: EntryTypes[F]) => number | null
		): BallotOf<number>[] =>
			of(framework).map(({ voter, entries }) => ({
				voter,
				entries: new Map([...entries].map(([ideaId, entry]) => [ideaId, number(entry)!]))
			}));
		const scale = (framework: FrameworkId) => frameworkInfo(framework).numeric?.scale ?? undefined;

		expect(all.rice?.rows).toEqual(summarizeRice(of('rice')));
		expect(all.ice?.rows).toEqual(summarizeIce(of('ice')));
		expect(all.wsjf?.rows).toEqual(summarizeWsjf(of('wsjf')));
		expect(all.scorecard?.rows).toEqual(summarizeScorecard(of('scorecard'), DEFAULT_CRITERIA));
		expect(all.rice?.consensus).toEqual(summarizeConsensus(personal('rice', riceScore)));
		expect(all.ice?.consensus).toEqual(summarizeConsensus(personal('ice', iceScore), scale('ice')));
		expect(all.wsjf?.consensus).toEqual(
			summarizeConsensus(personal('wsjf', wsjfScore), scale('wsjf'))
		);
		expect(all.scorecard?.consensus).toEqual(
			summarizeConsensus(personal('scorecard', composer(DEFAULT_CRITERIA)), scale('scorecard'))
		);
		expect(all.matrix?.consensus).toEqual(
			summarizeConsensus(
				personal('matrix', (entry) => entry.value),
				scale('matrix')
			)
		);
	});

	it('feeds the matrix’s median effort to MoSCoW and buy-a-feature unless prices are set, and ignores removed ideas', () => {
		const voter = (userId: string) => ({ userId, name: userId, function: 'Product' });
		const all = computeAll({
			ideaIds: ['a', 'b'],
			ballots: [
				{
					voter: voter('u1'),
					frameworks: {
						matrix: new Map<string, unknown>([
							['a', { value: 90, effort: 30 }],
							['b', { value: 10, effort: 10 }],
							['gone', { value: 50, effort: 50 }]
						]),
						moscow: new Map<string, unknown>([
							['a', 'must'],
							['b', 'should']
						]),
						budget: new Map<string, unknown>([['a', 30]])
					}
				},
				{
					voter: voter('u2'),
					frameworks: { matrix: new Map<string, unknown>([['a', { value: 70, effort: 50 }]]) }
				}
			],
			settings: { enabled: ['matrix', 'moscow', 'budget'], budgetPerPerson: 40 }
		});
		// a: efforts 30 and 50 → median 40; b: 10. Musts 40 of 40 + 10 = 0.8 > 0.6
		expect(all.matrix?.rows.map((r) => [r.ideaId, r.median.effort])).toEqual([
			['a', 40],
			['b', 10]
		]);
		expect(all.moscow?.mustEffort).toMatchObject({
			mustEffort: 40,
			totalEffort: 50,
			share: 0.8,
			warning: true
		});
		// a costs 40, 30 pledged: 10 short; u1 has 40 − 30 = 10 left
		expect(all.budget?.ideas[0]).toMatchObject({
			ideaId: 'a',
			pledged: 30,
			price: 40,
			shortfall: 10
		});
		expect(all.budget?.voters).toEqual([{ userId: 'u1', used: 30, remaining: 10 }]);
		expect(all.rice).toBeNull();
		const priced = computeAll({
			ideaIds: ['a'],
			ballots: [{ voter: voter('u1'), frameworks: { budget: new Map([['a', 30]]) } }],
			settings: { enabled: ['budget'], prices: new Map([['a', 25]]) }
		});
		expect(priced.budget?.ideas[0]).toMatchObject({ price: 25, bought: true });
		expect(all.rejected).toEqual([]);
	});

	it('gives empty aggregates for a workshop nobody voted in', () => {
		const all = computeAll({ ideaIds: ['a'], ballots: [] });
		expect(all.matrix?.rows).toEqual([]);
		expect(all.rice?.ranking).toEqual([]);
		expect(all.okr?.unaligned).toEqual(['a']);
		expect(all.moscow?.mustEffort.share).toBe(0);
		expect(all.dots).toEqual({ ideas: [], voters: [] });
	});
});

describe('WorkshopAggregator', () => {
	/**
	 * A workshop changed as in a live session: each step changes a few entries of one or two
	 * voters (a new score, an invalid one, a removal, an entry for an unknown idea, dots beyond the
	 * allowance), passing new Maps for what changed and the same Maps for the rest; now and then
	 * the settings change too.
	 */
	function* liveSession(seed: number, steps: number) {
		const random = mulberry32(seed);
		const make = entryMaker(random);
		const { ideaIds, ballots } = sampleWorkshop(16, 8, seed);
		// Seed 2 caps Leadership (one voter in eight) at 10 %, so the cap binds.
		let settings: WorkshopInput['settings'] = {
			objectives: sampleObjectives,
			budgetPerPerson: 60,
			leadershipCap: seed === 2 ? 0.1 : undefined
		};
		const invalid: Record<FrameworkId, unknown> = {
			matrix: { value: 101, effort: 5 },
			rice: { reach: -1, impact: 1, confidence: 50, effort: 1 },
			ice: { impact: 0, confidence: 1, ease: 1 },
			wsjf: { businessValue: 4, timeCriticality: 1, riskReduction: 1, jobSize: 1 },
			scorecard: { nonsense: 3 },
			moscow: 'maybe',
			okr: { kr9: 'strong' },
			dots: -1,
			budget: 1.5
		};
		for (let step = 0; step < steps; step++) {
			const changes = 1 + Math.floor(random() * 4);
			for (let c = 0; c < changes; c++) {
				const ballot = make.pick(ballots);
				const framework = make.pick(FRAMEWORK_IDS);
				const entries = new Map(ballot.frameworks[framework]);
				const ideaId = random() < 0.05 ? 'idea-gone' : make.pick(ideaIds);
				const what = random();
				if (what < 0.15) entries.delete(ideaId);
				else if (what < 0.25) entries.set(ideaId, invalid[framework]);
				else if (framework === 'dots') entries.set(ideaId, make.int(0, 3));
				else if (framework === 'budget') entries.set(ideaId, make.int(0, 40));
				else entries.set(ideaId, make[framework]());
				ballot.frameworks[framework] = entries;
			}
			if (random() < 0.1) {
				const criteria = DEFAULT_CRITERIA.map((c) => ({ ...c, weight: make.int(0, 30) }));
				settings = { ...settings, criteria };
			}
			yield { ideaIds, ballots: ballots.map((b) => ({ ...b })), settings };
		}
	}

	it('gives the same aggregates as computeAll after every change of a seeded live session', () => {
		for (const seed of [1, 2]) {
			const aggregator = new WorkshopAggregator();
			for (const input of liveSession(seed, 40)) {
				expect(aggregator.update(input)).toEqual(computeAll(input));
			}
		}
	}, 30_000);

	it('keeps the results of unchanged ideas and frameworks, and recomputes the changed idea', () => {
		const { ideaIds, ballots } = sampleWorkshop(30, 8, 7);
		const aggregator = new WorkshopAggregator();
		const settings = { objectives: sampleObjectives };
		const before = aggregator.update({ ideaIds, ballots, settings });
		expect(aggregator.fresh).toBe(true);
		const handedOut = structuredClone(before);

		const ice = new Map(ballots[3].frameworks.ice);
		ice.set('idea-005', { impact: 10, confidence: 10, ease: 10 });
		ballots[3].frameworks.ice = ice;
		const after = aggregator.update({ ideaIds, ballots, settings });

		expect(aggregator.fresh).toBe(false);
		expect(aggregator.changed('ice')).toEqual([5 * 8 + 3]);
		expect(aggregator.changed('matrix')).toEqual([]);
		expect(after.matrix).toBe(before.matrix);
		expect(after.okr).toBe(before.okr);
		const row = (all: typeof before, ideaId: string) =>
			all.ice?.rows.find((r) => r.ideaId === ideaId);
		expect(row(after, 'idea-005')).not.toBe(row(before, 'idea-005'));
		expect(row(after, 'idea-005')?.median.impact).toBeGreaterThanOrEqual(
			row(before, 'idea-005')?.median.impact ?? 0
		);
		const untouched = after.ice?.consensus.ideas.find((c) => c.ideaId === 'idea-006');
		expect(untouched).toBe(before.ice?.consensus.ideas.find((c) => c.ideaId === 'idea-006'));
		// An unchanged idea whose rank stayed is handed out as the same row, in the table and the ranking.
		const kept = after.ice!.rows.find(
			(r) => r.ideaId !== 'idea-005' && r.rank === row(before, r.ideaId)?.rank
		);
		expect(kept).toBeDefined();
		expect(kept).toBe(row(before, kept!.ideaId));
		const ranked = (all: typeof before, ideaId: string) =>
			all.ice?.ranking.find((r) => r.ideaId === ideaId);
		expect(ranked(after, kept!.ideaId)).toBe(ranked(before, kept!.ideaId));
		expect(ranked(after, 'idea-005')).not.toBe(ranked(before, 'idea-005'));
		// Nothing handed out before is changed by the update, ranks included.
		expect(before).toEqual(handedOut);
		expect(after).toEqual(computeAll({ ideaIds, ballots, settings }));

		aggregator.update({ ideaIds, ballots, settings: { ...settings, dotsPerPerson: 3 } });
		expect(aggregator.fresh).toBe(true);
	});
});

import { describe, expect, it } from 'vitest';
import type { Settings } from './control.ts';
import { FRAMEWORK_IDS, type FrameworkId } from './frameworks/index.ts';
import { entryMaker, sampleObjectives, sampleWorkshop } from './frameworks/sample-workshop.ts';
import { DEMAND_CRITERION } from './frameworks/scorecard/demand.ts';
import { DEFAULT_CRITERIA } from './frameworks/scorecard/scorecard.ts';
import { mulberry32 } from './random.ts';
import type { Member } from './members.ts';
import {
	createTallyDerivation,
	deriveTally,
	type RawBallot,
	type TallyContents
} from './tally-derivation.ts';

function settingsWith(overrides: Partial<Settings>): Settings {
	return {
		frameworks: [...FRAMEWORK_IDS],
		blind: false,
		anonymous: false,
		hideFunctions: false,
		revealed: new Set(),
		revealedIdeas: new Set(),
		dotsPerPerson: 5,
		budgetPerPerson: 60,
		mustShareLimit: 0.6,
		criteria: [...DEFAULT_CRITERIA],
		objectives: sampleObjectives,
		moscowFinal: new Map(),
		prices: new Map(),
		...overrides
	};
}

type Maps = TallyContents['maps'];

/** What a tally document holds after `contents` is written the way the server writes it. */
function apply(tally: Maps, { maps, changed }: TallyContents): Maps {
	if (!changed) return Object.fromEntries(Object.entries(maps).map(([k, v]) => [k, new Map(v)]));
	for (const [name, keys] of Object.entries(changed)) {
		for (const key of keys) {
			const value = maps[name].get(key);
			if (value === undefined) tally[name].delete(key);
			else tally[name].set(key, value);
		}
	}
	return tally;
}

describe('createTallyDerivation', () => {
	/** A live session: a few entries of one or two voters change per batch. */
	function* batches(seed: number, steps: number) {
		const random = mulberry32(seed);
		const make = entryMaker(random);
		const { ideaIds, ballots } = sampleWorkshop(14, 8, seed);
		// The first voter's entries were made for them by a facilitator (a proxy member).
		const members: Member[] = ballots.map(({ voter }, i) => ({
			...voter,
			role: 'participant',
			isGuest: false,
			proxy: i === 0
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
		for (let step = 0; step < steps; step++) {
			const changes = 1 + Math.floor(random() * 3);
			for (let c = 0; c < changes; c++) {
				const v = Math.floor(random() * raw.length);
				const framework = make.pick(FRAMEWORK_IDS);
				const entries = new Map(raw[v].entries.get(framework));
				const ideaId = make.pick(ideaIds);
				const what = random();
				if (what < 0.2) entries.delete(ideaId);
				else if (what < 0.3) entries.set(ideaId, 'garbage');
				else if (framework === 'dots') entries.set(ideaId, make.int(0, 3));
				else if (framework === 'budget') entries.set(ideaId, make.int(0, 40));
				else entries.set(ideaId, make[framework as Exclude<FrameworkId, 'dots' | 'budget'>]());
				const next = new Map(raw[v].entries);
				next.set(framework, entries);
				raw[v] = { member: raw[v].member, entries: next };
			}
			yield { ideas, ballots: [...raw], members };
		}
	}

	for (const [view, overrides] of [
		['visible', {}],
		['anonymous', { anonymous: true }],
		['blind with RICE and MoSCoW revealed', { blind: true, revealed: new Set(['rice', 'moscow']) }],
		['functions hidden, RICE revealed', { hideFunctions: true, revealed: new Set(['rice']) }],
		[
			'blind with single ideas revealed',
			{
				blind: true,
				revealedIdeas: new Set(['rice|idea-001', 'matrix|idea-002', 'dots|idea-003'])
			}
		]
	] as [string, Partial<Settings>][]) {
		it(`writes, key by key, the tally a fresh derivation gives (${view})`, () => {
			const settings = settingsWith(overrides);
			const derive = createTallyDerivation();
			let tally: Maps = {};
			let step = 0;
			for (const input of batches(view.length, 30)) {
				const contents = derive({ ...input, settings });
				if (step++ > 0) expect(contents.changed).toBeDefined();
				tally = apply(tally, contents);
				expect(tally).toEqual(deriveTally({ ...input, settings }).maps);
			}
		}, 30_000);
	}

	it('derives everything again when the settings change', () => {
		const derive = createTallyDerivation();
		const [input] = batches(5, 1);
		const first = derive({ ...input, settings: settingsWith({}) });
		expect(first.changed).toBeUndefined();
		const again = derive({ ...input, settings: settingsWith({}) });
		expect(again.changed && Object.values(again.changed).every((keys) => keys.size === 0)).toBe(
			true
		);
		const blind = derive({ ...input, settings: settingsWith({ blind: true }) });
		expect(blind.changed).toBeUndefined();
		expect(blind.maps.individual.size).toBe(0);
	});

	it('[RM8] counts no entry before scoring opens, tells each voter why, and counts all once it opens', () => {
		const derive = createTallyDerivation();
		const [input] = batches(13, 1);
		const before = derive({ ...input, settings: settingsWith({ beforeScoring: true }) });
		expect(before.maps.votes.size).toBe(0);
		expect(before.maps.voted.size).toBe(0);
		expect(before.maps.aggregates.size).toBe(0);
		expect(before.maps.individual.size).toBe(0);
		const [{ member, entries }] = input.ballots;
		const refused = before.rejected.get(member.userId);
		const written = [...entries].reduce((n, [, byIdea]) => n + byIdea.size, 0);
		expect(refused?.size).toBe(written);
		expect(new Set(refused?.values())).toEqual(new Set(['Scoring opens in the Score phase.']));
		const opened = derive({ ...input, settings: settingsWith({}) });
		expect(opened.maps).toEqual(deriveTally({ ...input, settings: settingsWith({}) }).maps);
		expect(opened.maps.votes.size).toBeGreaterThan(0);
		expect(opened.rejected.get(member.userId)?.size ?? 0).toBeLessThan(written);
	});

	it('shows an idea revealed on its own without its rank, and nothing of the others', () => {
		const [input] = batches(7, 1);
		const settings = settingsWith({ blind: true, revealedIdeas: new Set(['rice|idea-001']) });
		const { maps } = deriveTally({ ...input, settings });
		const rice = (map: Map<string, unknown>) =>
			[...map.keys()].filter((k) => k.startsWith('rice|'));
		expect(rice(maps.aggregates)).toEqual(['rice|idea-001']);
		expect(maps.aggregates.get('rice|idea-001')).toMatchObject({ rank: null });
		expect(maps.aggregates.get('rice|idea-001')).not.toHaveProperty('pulledUpBy');
		expect((maps.aggregates.get('rice|idea-001') as { median: unknown }).median).not.toBeNull();
		const people = rice(maps.individual);
		expect(people.length).toBeGreaterThan(0);
		expect(people.every((key) => key.startsWith('rice|idea-001|'))).toBe(true);
		expect(maps.summary.has('rice')).toBe(false);
		expect([...maps.aggregates.keys()].every((key) => key.startsWith('rice|'))).toBe(true);
	});

	it("[FB12] fills a demand criterion from the board ideas' requesters and re-derives when demand changes", () => {
		const [input] = batches(5, 1);
		const demand = { id: 'demand', ...DEMAND_CRITERION };
		const settings = settingsWith({
			frameworks: ['scorecard'],
			criteria: [...DEFAULT_CRITERIA, demand]
		});
		const asked = input.ideas.map((idea, i) =>
			i < 2 ? { ...idea, requesters: 10 - i * 9 } : idea
		);
		const breakdown = (maps: TallyContents['maps'], ideaId: string) =>
			(
				maps.aggregates.get(`scorecard|${ideaId}`) as {
					breakdown: { criterionId: string; median: number }[];
				}
			).breakdown.find((p) => p.criterionId === 'demand')?.median;
		const derive = createTallyDerivation();
		const first = derive({ ...input, ideas: asked, settings }).maps;
		expect(breakdown(first, 'idea-000')).toBe(5);
		expect(breakdown(first, 'idea-001')).toBe(2.2);
		expect(breakdown(first, 'idea-002')).toBeUndefined();
		const more = asked.map((idea, i) => (i === 1 ? { ...idea, requesters: 10 } : idea));
		expect(breakdown(derive({ ...input, ideas: more, settings }).maps, 'idea-001')).toBe(5);
	});

	it.each(['scorecard', 'moscow', 'dots', 'budget'] as const)(
		'sends the %s result of an idea revealed on its own, unranked, and nothing of the others',
		(fw) => {
			const [input] = batches(11, 1);
			const open = deriveTally({ ...input, settings: settingsWith({}) }).maps;
			const keys = [...open.aggregates.keys()].filter((k) => k.startsWith(`${fw}|`));
			expect(keys.length).toBeGreaterThan(1);
			const [key] = keys;
			const settings = settingsWith({ blind: true, revealedIdeas: new Set([key]) });
			const { maps } = deriveTally({ ...input, settings });
			expect([...maps.aggregates.keys()]).toEqual([key]);
			// The open tally ranks nothing itself; the functions pulling an idea belong to the
			// ranking, which a lone revealed idea does not get.
			const result = { ...(open.aggregates.get(key) as Record<string, unknown>) };
			expect(result).not.toHaveProperty('rank');
			delete result.pulledUpBy;
			delete result.pulledDownBy;
			const ranks = fw === 'scorecard' || fw === 'dots';
			expect(maps.aggregates.get(key)).toEqual({ ...result, ...(ranks && { rank: null }) });
			expect(maps.summary.has(fw)).toBe(false);
		}
	);
});

import { removeObjective, writeObjective } from '$lib/model/control.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSettings } from '$lib/model/control.ts';
import {
	isStale,
	keyResultIdsOf,
	linksOf,
	newObjective,
	readOkrSummary,
	strengthWords,
	titleProblem,
	withKeyResult,
	withKeyResultTitle,
	withLink,
	withoutKeyResult
} from './okr-view.ts';

const krs = new Set(['k1', 'k2']);

describe('linksOf', () => {
	it.each([
		[
			'valid links',
			{ k1: 'weak', k2: 'strong' },
			[
				['k1', 'weak'],
				['k2', 'strong']
			]
		],
		['a bad strength', { k1: 'huge', k2: 'medium' }, [['k2', 'medium']]],
		['a removed key result', { gone: 'strong', k1: 'weak' }, [['k1', 'weak']]],
		['a non-object', 'strong', []]
	])('reads %s', (_, raw, expected) => {
		expect([...linksOf(raw, krs)]).toEqual(expected);
	});
});

describe('withLink', () => {
	it.each([
		['adds a link', undefined, 'k1', 'medium', { k1: 'medium' }],
		['changes a link', { k1: 'weak', k2: 'weak' }, 'k1', 'strong', { k1: 'strong', k2: 'weak' }],
		['removes a link', { k1: 'weak', k2: 'weak' }, 'k2', null, { k1: 'weak' }],
		['drops links to removed key results', { gone: 'weak' }, 'k2', 'weak', { k2: 'weak' }],
		['is null once no link is left', { k1: 'weak' }, 'k1', null, null]
	] as const)('%s', (_, raw, id, level, expected) => {
		expect(withLink(raw, krs, id, level)).toEqual(expected);
	});
});

describe('isStale and keyResultIdsOf', () => {
	it('finds links to key results that no longer exist', () => {
		const ids = keyResultIdsOf([
			{ id: 'o', title: 'O', keyResults: [{ id: 'k1', title: 'K' }] },
			{ id: 'p', title: 'P', keyResults: [{ id: 'k2', title: 'L' }] }
		]);
		expect(ids).toEqual(krs);
		expect(isStale({ k1: 'weak' }, ids)).toBe(false);
		expect(isStale({ k3: 'weak' }, ids)).toBe(true);
		expect(isStale(undefined, ids)).toBe(false);
	});
});

describe('strengthWords', () => {
	it.each([
		[1, 'weak'],
		[2, 'medium'],
		[3, 'strong'],
		[1.5, 'weak–medium'],
		[2.5, 'medium–strong']
	])('%s is %s', (strength, words) => {
		expect(strengthWords(strength)).toBe(words);
	});
});

describe('readOkrSummary', () => {
	it('reads the summary and recomputes weights from the ideas it keeps', () => {
		const summary = readOkrSummary({
			links: [
				{ ideaId: 'a', objectiveId: 'o', keyResultId: 'k1', strength: 3, count: 2 },
				{ ideaId: 'a' }
			],
			unaligned: ['b', 7],
			coverage: [{ objectiveId: 'o', covered: 1, total: 2, share: 0.5 }, { objectiveId: 'x' }],
			map: [
				{
					id: 'o',
					title: 'Grow',
					weight: 99,
					keyResults: [
						{
							id: 'k1',
							title: 'Deals',
							weight: 99,
							ideas: [{ ideaId: 'a', weight: 3, count: 2 }, { ideaId: 'z' }]
						},
						{ id: 'k2' }
					]
				}
			]
		});
		expect(summary).toEqual({
			links: [{ ideaId: 'a', objectiveId: 'o', keyResultId: 'k1', strength: 3, count: 2 }],
			unaligned: ['b'],
			coverage: [{ objectiveId: 'o', covered: 1, total: 2, share: 0.5 }],
			map: [
				{
					id: 'o',
					title: 'Grow',
					weight: 3,
					keyResults: [
						{ id: 'k1', title: 'Deals', weight: 3, ideas: [{ ideaId: 'a', weight: 3, count: 2 }] }
					]
				}
			]
		});
	});

	it('is null without a map', () => {
		expect(readOkrSummary(null)).toBeNull();
		expect(readOkrSummary({ links: [] })).toBeNull();
	});
});

describe('objectives in the control document', () => {
	it('adds, edits and removes objectives and key results, in the order they were added', () => {
		const control = new Y.Doc();
		const grow = withKeyResult(newObjective('Grow', 2_000), 'Close deals', 2_001);
		const delight = newObjective('Delight', 1_000_000);
		writeObjective(control, delight);
		writeObjective(control, grow);
		expect(readSettings(control).objectives.map((o) => o.title)).toEqual(['Grow', 'Delight']);

		const edited = withKeyResultTitle(
			withKeyResult(grow, 'Cut churn', 2_002),
			grow.keyResults[0].id,
			'Close 10 deals'
		);
		writeObjective(control, edited);
		expect(readSettings(control).objectives[0].keyResults.map((kr) => kr.title)).toEqual([
			'Close 10 deals',
			'Cut churn'
		]);

		writeObjective(control, withoutKeyResult(edited, edited.keyResults[1].id));
		removeObjective(control, delight.id);
		const [only] = readSettings(control).objectives;
		expect([only.title, only.keyResults.map((kr) => kr.title)]).toEqual([
			'Grow',
			['Close 10 deals']
		]);
	});

	it.each([
		['Grow', null],
		['  ', 'A title is needed'],
		['x'.repeat(201), 'At most 200 characters']
	])('titleProblem(%j) is %s', (title, problem) => {
		expect(titleProblem(title)).toBe(problem);
	});
});

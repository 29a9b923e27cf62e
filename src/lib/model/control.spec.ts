import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { functionsHidden, functionsHiddenIn, isIdeaVisible, readSettings } from './control.ts';

function settingsWith(values: Record<string, unknown>, revealed: string[] = []) {
	const doc = new Y.Doc();
	for (const [key, value] of Object.entries(values)) doc.getMap('settings').set(key, value);
	for (const framework of revealed) doc.getMap('revealed').set(framework, true);
	return readSettings(doc);
}

describe('readSettings', () => {
	it.each([
		[{}, true],
		[{ phase: 'collect', earlyScoring: true }, false],
		[{ phase: 'collect', earlyScoring: 'yes' }, true],
		[{ phase: 'score' }, false],
		[{ phase: 'discuss' }, false]
	])('[RM8] with %j, holds the tally before scoring: %s', (values, before) => {
		expect(settingsWith(values).beforeScoring === true).toBe(before);
	});
});

describe('functionsHiddenIn', () => {
	it.each([
		[{ hideFunctions: false }, [], false],
		[{ hideFunctions: true }, [], true],
		[{ hideFunctions: true }, ['matrix'], false],
		[{ hideFunctions: true, blind: false }, [], true],
		[{ hideFunctions: 'yes' }, [], false]
	])('with %j and %j revealed, the matrix hides functions: %s', (values, revealed, hidden) => {
		expect(functionsHiddenIn(settingsWith(values, revealed), 'matrix')).toBe(hidden);
	});
});

describe('functionsHidden', () => {
	it('hides functions from presence until every framework in use is revealed', () => {
		const on = { hideFunctions: true, frameworks: ['matrix', 'rice'] };
		expect(functionsHidden(settingsWith(on))).toBe(true);
		expect(functionsHidden(settingsWith(on, ['matrix']))).toBe(true);
		expect(functionsHidden(settingsWith(on, ['matrix', 'rice']))).toBe(false);
	});

	it('hides nothing while the setting is off', () => {
		expect(functionsHidden(settingsWith({ frameworks: ['rice'] }))).toBe(false);
	});
});

describe('isIdeaVisible', () => {
	function blindWith(revealedIdeas: Record<string, unknown>, revealed: string[] = []) {
		const doc = new Y.Doc();
		doc.getMap('settings').set('blind', true);
		for (const framework of revealed) doc.getMap('revealed').set(framework, true);
		for (const [key, value] of Object.entries(revealedIdeas)) {
			doc.getMap('revealedIdeas').set(key, value);
		}
		return readSettings(doc);
	}

	it('shows an idea the facilitator revealed on its own, and no other', () => {
		const settings = blindWith({ 'rice|a': true });
		expect(isIdeaVisible(settings, 'rice', 'a')).toBe(true);
		expect(isIdeaVisible(settings, 'rice', 'b')).toBe(false);
		expect(isIdeaVisible(settings, 'ice', 'a')).toBe(false);
	});

	it('shows every idea of a revealed framework, and every idea when voting is open', () => {
		expect(isIdeaVisible(blindWith({}, ['rice']), 'rice', 'b')).toBe(true);
		expect(isIdeaVisible(readSettings(new Y.Doc()), 'rice', 'b')).toBe(true);
	});

	it('ignores malformed keys and values', () => {
		const settings = blindWith({
			'rice|a': 'yes',
			'nope|b': true,
			'rice|c|d': true,
			'rice|': true
		});
		expect([...settings.revealedIdeas]).toEqual([]);
		expect(isIdeaVisible(settings, 'rice', 'a')).toBe(false);
	});
});

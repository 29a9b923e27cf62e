import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { functionsHidden, functionsHiddenIn, readSettings } from './control.ts';

function settingsWith(values: Record<string, unknown>, revealed: string[] = []) {
	const doc = new Y.Doc();
	for (const [key, value] of Object.entries(values)) doc.getMap('settings').set(key, value);
	for (const framework of revealed) doc.getMap('revealed').set(framework, true);
	return readSettings(doc);
}

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

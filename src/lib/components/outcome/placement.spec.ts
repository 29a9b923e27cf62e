import { describe, expect, it } from 'vitest';
import { keyMove, parseCapacity, placementSentence } from './placement.ts';

describe('keyMove', () => {
	it.each([
		['now', 'ArrowRight', 'next'],
		['next', 'ArrowDown', 'later'],
		['later', 'ArrowRight', null],
		['next', 'ArrowLeft', 'now'],
		['now', 'ArrowUp', null],
		[null, 'ArrowRight', 'now'],
		[null, 'ArrowLeft', 'later'],
		['now', 'Enter', null]
	] as const)('from %s, %s goes to %s', (from, key, to) => {
		expect(keyMove(from, key)).toBe(to);
	});
});

describe('parseCapacity', () => {
	it('reads empty as no limit and numbers as effort units, a decimal comma too', () => {
		expect(parseCapacity('  ')).toEqual({ ok: true, value: null });
		expect(parseCapacity('12')).toEqual({ ok: true, value: 12 });
		expect(parseCapacity('2,5')).toEqual({ ok: true, value: 2.5 });
		expect(parseCapacity('0')).toEqual({ ok: true, value: 0 });
	});

	it('refuses negative numbers and text with a message that says what to enter', () => {
		for (const text of ['-1', 'lots', 'Infinity']) {
			const parsed = parseCapacity(text);
			expect(parsed.ok).toBe(false);
			if (!parsed.ok) expect(parsed.error).toMatch(/0 or more/);
		}
	});
});

describe('placementSentence', () => {
	it('says where the card went', () => {
		expect(placementSentence('SSO', 'next')).toBe('SSO is pinned to Next');
		expect(placementSentence('SSO', 'auto')).toBe('SSO is placed by rank again');
		expect(placementSentence('SSO', 'out')).toBe('SSO is left out of the roadmap');
	});
});

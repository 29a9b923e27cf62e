import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, plural, roleLabel } from './format.ts';

describe('formatDate', () => {
	it('shows the UTC calendar date, so server and browser agree', () => {
		expect(formatDate('2025-03-04T23:30:00Z')).toBe('4 Mar 2025');
	});
});

describe('roleLabel', () => {
	it('capitalises known roles and passes others through', () => {
		expect(roleLabel('facilitator')).toBe('Facilitator');
		expect(roleLabel('viewer')).toBe('Viewer');
		expect(roleLabel('owner')).toBe('owner');
	});
});

describe('plural', () => {
	it('uses the singular for exactly one', () => {
		expect(plural(1, 'member')).toBe('1 member');
		expect(plural(0, 'member')).toBe('0 members');
		expect(plural(3, 'person', 'people')).toBe('3 people');
	});
});

describe('formatNumber', () => {
	it.each([
		[12345.6, '12,346'],
		[123.45, '123'],
		[12.345, '12.3'],
		[1.25, '1.25'],
		[0.15, '0.15'],
		[4, '4'],
		[-2.5, '-2.5'],
		[Infinity, '–']
	])('shows %d as %s', (value, expected) => {
		expect(formatNumber(value)).toBe(expected);
	});
});

import { describe, expect, it } from 'vitest';
import { clockOffset, formatCountdown } from './countdown.ts';

describe('formatCountdown', () => {
	it.each([
		[0, '0:00'],
		[-500, '0:00'],
		[1, '0:01'],
		[59_001, '1:00'],
		[245_000, '4:05'],
		[3_723_000, '1:02:03']
	])('shows %d ms as %s', (ms, expected) => {
		expect(formatCountdown(ms)).toBe(expected);
	});
});

describe('clockOffset', () => {
	it('takes the server reading to be from the middle of the round trip', () => {
		expect(clockOffset(1000, 6100, 1200)).toBe(5000);
	});
});

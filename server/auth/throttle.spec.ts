import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.ts';

describe('Throttle', () => {
	it('lets a key try `limit` times per window, then says how long to wait', () => {
		let now = 0;
		const throttle = new Throttle(3, 60_000, () => now);
		for (let i = 0; i < 3; i++) {
			expect(throttle.retryAfter('ip')).toBe(0);
			throttle.hit('ip');
		}
		expect(throttle.retryAfter('ip')).toBe(60);
		expect(throttle.retryAfter('other')).toBe(0);
		now = 60_000;
		expect(throttle.retryAfter('ip')).toBe(0);
	});

	it('forgets a key on reset', () => {
		const throttle = new Throttle(1, 1000);
		throttle.hit('a');
		throttle.reset('a');
		expect(throttle.retryAfter('a')).toBe(0);
	});
});

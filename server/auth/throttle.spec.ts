import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, LoginThrottle, Throttle } from './throttle.ts';

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

describe('LoginThrottle', () => {
	function clock() {
		const time = { now: 0 };
		return { time, throttle: new LoginThrottle(LOGIN_THROTTLE, () => time.now) };
	}

	it('[U2] ten failures from one address leave the account open to an address that has not failed', () => {
		const { throttle } = clock();
		for (let i = 0; i < 10; i++) throttle.failed('pat@example.com', 'A');
		expect(throttle.retryAfter('pat@example.com', 'A')).toBeGreaterThan(0);
		expect(throttle.retryAfter('pat@example.com', 'B')).toBe(0);
		expect(throttle.retryAfter('sam@example.com', 'A')).toBe(0);
	});

	it('[U2] delays an address that keeps failing more after each failure, up to a ceiling', () => {
		const { time, throttle } = clock();
		const waits: number[] = [];
		for (let i = 0; i < 16; i++) {
			time.now += throttle.retryAfter('pat@example.com', 'A') * 1000;
			throttle.failed('pat@example.com', 'A');
			waits.push(throttle.retryAfter('pat@example.com', 'A'));
		}
		expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
		expect(waits.slice(3, 8)).toEqual([1, 2, 4, 8, 16]);
		expect(Math.max(...waits)).toBe(15 * 60);
		expect(waits.at(-1)).toBe(15 * 60);
	});

	it('[U2] forgives an address its failures once the owner signs in from it', () => {
		const { throttle } = clock();
		for (let i = 0; i < 5; i++) throttle.failed('pat@example.com', 'A');
		throttle.succeeded('pat@example.com', 'A');
		expect(throttle.retryAfter('pat@example.com', 'A')).toBe(0);
	});

	it('[U2] past the per-account ceiling, every address that failed is refused, one that did not is not', () => {
		const { time, throttle } = clock();
		// A hundred addresses, one guess each: no pair is held back by its own delay.
		for (let i = 0; i < LOGIN_THROTTLE.accountCeiling - 1; i++) {
			throttle.failed('pat@example.com', `bot${i}`);
		}
		expect(throttle.retryAfter('pat@example.com', 'bot1')).toBe(0);
		throttle.failed('pat@example.com', 'bot-last');
		expect(throttle.retryAfter('pat@example.com', 'bot1')).toBe(3600);
		expect(throttle.retryAfter('pat@example.com', 'owner')).toBe(0);
		time.now += 3600_000;
		expect(throttle.retryAfter('pat@example.com', 'bot1')).toBe(0);
	});

	it('[U2] refuses an address that fails across many accounts', () => {
		const { throttle } = clock();
		for (let i = 0; i < LOGIN_THROTTLE.addressLimit; i++) throttle.failed(`p${i}@example.com`, 'A');
		expect(throttle.retryAfter('new@example.com', 'A')).toBeGreaterThan(0);
		expect(throttle.retryAfter('new@example.com', 'B')).toBe(0);
	});
});

import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import { RECONNECT_BACKOFF, RESTART_SPREAD_MS, reconnectDelay } from './backoff.ts';

const seeded = (seed: number) => {
	const generator = prng.create(seed);
	return () => prng.real53(generator);
};

/** The delays of `clients` clients that lost their connection at the same instant. */
function delays(clients: number, attempt: number, floorMs?: number, seed = 42): number[] {
	const random = seeded(seed);
	const options = { ...RECONNECT_BACKOFF, floorMs };
	return Array.from({ length: clients }, () => reconnectDelay(attempt, random, options));
}

describe('reconnectDelay', () => {
	it('waits between zero and a ceiling that doubles with each attempt', () => {
		const options = { baseMs: 100, capMs: 10_000 };
		expect(reconnectDelay(1, () => 0.999, options)).toBe(99);
		expect(reconnectDelay(2, () => 0.999, options)).toBe(199);
		expect(reconnectDelay(4, () => 0.999, options)).toBe(799);
		expect(reconnectDelay(4, () => 0, options)).toBe(0);
		expect(reconnectDelay(4, () => 0.5, options)).toBe(400);
	});

	it('never waits longer than the cap, however many attempts failed', () => {
		const options = { baseMs: 100, capMs: 2_000 };
		expect(reconnectDelay(30, () => 0.999, options)).toBe(1_998);
		expect(reconnectDelay(1_000, () => 0.999, options)).toBe(1_998);
	});

	it('spreads even the first attempt over the floor when one is given', () => {
		const options = { baseMs: 100, capMs: 10_000, floorMs: 3_000 };
		expect(reconnectDelay(1, () => 0.999, options)).toBe(2_997);
		expect(reconnectDelay(8, () => 0.999, options)).toBe(9_990);
	});

	it('spreads 500 clients dropped by a restart over the whole window, none crowding an instant', () => {
		const spread = delays(500, 1, RESTART_SPREAD_MS);
		expect(Math.min(...spread)).toBeLessThan(100);
		expect(Math.max(...spread)).toBeGreaterThan(RESTART_SPREAD_MS - 100);
		// Uniform over 3 s, each 100 ms slice expects about 17 of the 500; the fullest stays far
		// below what a fixed delay would send (all 500 at once).
		const slices = new Array(RESTART_SPREAD_MS / 100).fill(0);
		for (const delay of spread) slices[Math.floor(delay / 100)]++;
		expect(Math.max(...slices)).toBeLessThan(35);
		expect(Math.min(...slices)).toBeGreaterThan(5);
	});

	it('differs between clients on every attempt, unlike a fixed exponential delay', () => {
		for (const attempt of [1, 2, 3, 5, 8]) {
			const spread = delays(200, attempt);
			expect(new Set(spread).size).toBeGreaterThan(spread.length / 2);
		}
	});

	it('is reproducible from its seed', () => {
		expect(delays(20, 3, undefined, 7)).toEqual(delays(20, 3, undefined, 7));
		expect(delays(20, 3, undefined, 7)).not.toEqual(delays(20, 3, undefined, 8));
	});
});

import { describe, expect, it } from 'vitest';
import { bestOffset, measureServerOffset, sampleOffset } from './server-clock.ts';

describe('sampleOffset', () => {
	it.each([
		{ sentAt: 1000, serverNow: 1050, receivedAt: 1100, offset: 0 },
		{ sentAt: 1000, serverNow: 6050, receivedAt: 1100, offset: 5000 },
		{ sentAt: 1000, serverNow: 10, receivedAt: 1020, offset: -1000 }
	])('reads the server at the midpoint of the round trip ($offset ms)', (sample) => {
		expect(sampleOffset(sample)).toBe(sample.offset);
	});
});

describe('bestOffset', () => {
	it('takes the sample with the shortest round trip', () => {
		const samples = [
			{ sentAt: 0, serverNow: 900, receivedAt: 400 }, // trip 400 → offset 700
			{ sentAt: 500, serverNow: 1250, receivedAt: 520 }, // trip 20 → offset 740
			{ sentAt: 600, serverNow: 1500, receivedAt: 700 } // trip 100 → offset 850
		];
		expect(bestOffset(samples)).toBe(740);
	});

	it('keeps the first of equally short trips', () => {
		expect(
			bestOffset([
				{ sentAt: 0, serverNow: 100, receivedAt: 10 },
				{ sentAt: 20, serverNow: 500, receivedAt: 30 }
			])
		).toBe(95);
	});

	it('gives null without samples', () => {
		expect(bestOffset([])).toBeNull();
	});
});

describe('measureServerOffset', () => {
	function fakeClock(steps: number[]) {
		let i = 0;
		return () => steps[Math.min(i++, steps.length - 1)];
	}

	it('asks three times and keeps the shortest round trip', async () => {
		const answers = [5000, 5200, 5400];
		const calls: string[] = [];
		const fetcher = (async (url: string) => {
			calls.push(url);
			return Response.json({ now: answers[calls.length - 1] });
		}) as typeof fetch;
		// Local times around each request: trips of 300, 40 and 100 ms.
		const now = fakeClock([0, 300, 1000, 1040, 2000, 2100]);
		expect(await measureServerOffset(fetcher, { now })).toBe(5200 - 1020);
		expect(calls).toEqual(['/api/v1/time', '/api/v1/time', '/api/v1/time']);
	});

	it('skips failed and malformed answers', async () => {
		let call = 0;
		const fetcher = (async () => {
			call++;
			if (call === 1) throw new TypeError('offline');
			if (call === 2) return Response.json({ now: 'soon' });
			return Response.json({ now: 9000 });
		}) as typeof fetch;
		// The thrown request reads the clock once; the other two read it before and after.
		const now = fakeClock([0, 10, 20, 30, 50]);
		expect(await measureServerOffset(fetcher, { now })).toBe(9000 - 40);
	});

	it('gives null when the server never answers', async () => {
		const fetcher = (async () => {
			throw new TypeError('offline');
		}) as typeof fetch;
		expect(await measureServerOffset(fetcher)).toBeNull();
	});
});

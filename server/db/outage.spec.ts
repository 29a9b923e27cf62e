import { describe, expect, it } from 'vitest';
import {
	Breaker,
	DatabaseUnavailable,
	databaseUnavailable,
	isConnectionFailure
} from './outage.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
	code: 'ECONNREFUSED'
});

describe('isConnectionFailure', () => {
	it.each<[string, unknown, boolean]>([
		['a refused connection', refused, true],
		[
			'a connection closed under a query',
			Object.assign(new Error(), { code: 'CONNECTION_CLOSED' }),
			true
		],
		[
			'a FATAL error (connections not allowed)',
			Object.assign(new Error(), { code: '55000', severity: 'FATAL' }),
			true
		],
		[
			'an administrator ending the session',
			Object.assign(new Error(), { code: '57P01', severity: 'ERROR' }),
			true
		],
		['a unique violation', Object.assign(new Error(), { code: '23505', severity: 'ERROR' }), false],
		['a syntax error', Object.assign(new Error(), { code: '42601', severity: 'ERROR' }), false],
		['a plain error', new Error('bug'), false]
	])('%s: %s', (_name, error, expected) => {
		expect(isConnectionFailure(error)).toBe(expected);
	});
});

describe('Breaker', () => {
	function harness() {
		let time = 0;
		const logs: string[] = [];
		const breaker = new Breaker({ now: () => time, log: (message) => logs.push(message) });
		return { breaker, logs, advance: (ms: number) => (time += ms) };
	}

	it('[W5] fails at once while open, tries once per doubling interval, and logs at that pace', async () => {
		const { breaker, logs, advance } = harness();
		let attempts = 0;
		const down = () => {
			attempts++;
			return Promise.reject(refused);
		};
		// A minute of an outage with a query every 50 ms: 1,200 queries.
		for (let t = 0; t < 60_000; t += 50) {
			const error = await breaker.run(down).catch((e: unknown) => e);
			expect(databaseUnavailable(error)).toBeInstanceOf(DatabaseUnavailable);
			expect((error as DatabaseUnavailable).retryAfterSeconds).toBeGreaterThanOrEqual(1);
			advance(50);
		}
		// 0.5 + 1 + 2 + 4 + 8 + 16 + 30 s: about eight attempts, and as many lines.
		expect(attempts).toBeLessThanOrEqual(9);
		expect(logs.length).toBe(attempts);
		expect(logs[0]).toBe('database unreachable; answering 503 and retrying');

		advance(30_000);
		expect(await breaker.run(() => Promise.resolve('up'))).toBe('up');
		expect(logs.at(-1)).toBe('database reachable again');
		expect(breaker.open).toBe(false);
	});

	it('passes errors that are not about the connection through, without opening', async () => {
		const { breaker, logs } = harness();
		const bug = Object.assign(new Error('duplicate key'), { code: '23505' });
		await expect(breaker.run(() => Promise.reject(bug))).rejects.toBe(bug);
		expect(breaker.open).toBe(false);
		expect(logs).toEqual([]);
	});
});

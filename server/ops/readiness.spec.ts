import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.ts';

describe('Readiness', () => {
	it('[SO3] is ready when every check passes, and names the one that fails', async () => {
		const readiness = new Readiness();
		let redisUp = true;
		readiness.add('database', async () => {});
		readiness.add('redis', async () => {
			if (!redisUp) throw new Error('down');
		});
		expect(await readiness.check()).toEqual({
			ready: true,
			checks: { database: 'ok', redis: 'ok' }
		});
		redisUp = false;
		expect(await readiness.check()).toEqual({
			ready: false,
			checks: { database: 'ok', redis: 'failed' }
		});
	});

	it('[SO3] counts a check that throws at once, or outlasts the timeout, as failing', async () => {
		const readiness = new Readiness(50);
		readiness.add('sync', () => {
			throw new Error('not even a promise');
		});
		readiness.add('hung', () => new Promise(() => {}));
		expect(await readiness.check()).toEqual({
			ready: false,
			checks: { sync: 'failed', hung: 'timeout' }
		});
	});

	it('[SO3] answers not-ready once draining, whatever the checks say', async () => {
		const readiness = new Readiness();
		readiness.add('database', async () => {});
		readiness.drain('handing over');
		readiness.drain('stopping');
		expect(await readiness.check()).toEqual({ ready: false, draining: 'handing over', checks: {} });
	});

	it('refuses two checks with one name', () => {
		const readiness = new Readiness();
		readiness.add('database', async () => {});
		expect(() => readiness.add('database', async () => {})).toThrow(/twice/);
	});
});

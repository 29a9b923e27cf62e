import { describe, expect, it } from 'vitest';
import type { SessionAuth } from '../auth/sessions.ts';
import type { Role } from '../db/workshops.ts';
import { AccessCache } from './access-cache.ts';

const ID = 'a'.repeat(32);
const token = (secret = 'b'.repeat(32)) => `${ID}.${secret}`;
const auth = (expiresAt = new Date(Date.now() + 60_000)): SessionAuth => ({
	session: { id: ID, userId: 'u1', expiresAt },
	user: { id: 'u1', name: 'Ann', email: null, function: 'Product', isGuest: false }
});

/** A lookup that counts its calls and answers what `answer` returns at the time. */
function lookup<T>(answer: () => T) {
	const counted = { calls: 0, load: async () => (counted.calls++, answer()) };
	return counted;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AccessCache.session', () => {
	it('[TJ1] upgrades at the same time and just after share one read of the session', async () => {
		const cache = new AccessCache(60_000);
		const read = lookup(() => auth());
		const first = await Promise.all([1, 2, 3].map(() => cache.session(token(), read.load)));
		const later = await cache.session(token(), read.load);
		expect(read.calls).toBe(1);
		expect([...first, later].every((a) => a?.user.id === 'u1')).toBe(true);
	});

	it('[TJ1] another secret for the same session id is read from the database, not admitted', async () => {
		const cache = new AccessCache(60_000);
		await cache.session(token(), lookup(() => auth()).load);
		const wrong = lookup(() => null);
		expect(await cache.session(token('c'.repeat(32)), wrong.load)).toBeNull();
		expect(wrong.calls).toBe(1);
	});

	it('[TJ1] a refusal is not kept: the next upgrade reads the session again', async () => {
		const cache = new AccessCache(60_000);
		let found: SessionAuth | null = null;
		const read = lookup(() => found);
		expect(await cache.session(token(), read.load)).toBeNull();
		found = auth();
		expect(await cache.session(token(), read.load)).not.toBeNull();
		expect(read.calls).toBe(2);
		expect(cache.size).toBe(1);
	});

	it('[TJ1] a forgotten session, a session past its expiry and an entry past its lifetime are read again', async () => {
		const cache = new AccessCache(60_000);
		const read = lookup(() => auth());
		await cache.session(token(), read.load);
		cache.forgetSession(ID);
		await cache.session(token(), read.load);
		expect(read.calls).toBe(2);

		const expiring = lookup(() => auth(new Date(Date.now() + 1000)));
		const other = new AccessCache(60_000);
		await other.session(token(), expiring.load);
		await other.session(token(), expiring.load, new Date(Date.now() + 2000));
		expect(expiring.calls).toBe(2);

		const short = new AccessCache(20);
		const shortRead = lookup(() => auth());
		await short.session(token(), shortRead.load);
		await sleep(40);
		await short.session(token(), shortRead.load);
		expect(shortRead.calls).toBe(2);
	});

	it('[TJ1] a lookup that fails is not kept', async () => {
		const cache = new AccessCache(60_000);
		await expect(
			cache.session(token(), () => Promise.reject(new Error('database down')))
		).rejects.toThrow('database down');
		expect(cache.size).toBe(0);
	});

	it('[TJ1] a lifetime of 0 reads every time', async () => {
		const cache = new AccessCache(0);
		const read = lookup(() => auth());
		await cache.session(token(), read.load);
		await cache.session(token(), read.load);
		expect(read.calls).toBe(2);
	});
});

describe('AccessCache.role', () => {
	it('[TJ1] a role read once serves the next upgrades, until everything is forgotten', async () => {
		const cache = new AccessCache(60_000);
		let role: Role | undefined = 'participant';
		const read = lookup(() => role);
		expect(await cache.role('w1', 'u1', read.load)).toBe('participant');
		expect(await cache.role('w1', 'u1', read.load)).toBe('participant');
		expect(read.calls).toBe(1);
		role = undefined;
		cache.forgetAll();
		expect(await cache.role('w1', 'u1', read.load)).toBeUndefined();
		expect(read.calls).toBe(2);
	});

	it('[TJ1] not being a member is not kept: joining counts at the next upgrade', async () => {
		const cache = new AccessCache(60_000);
		const members = new Map<string, Role>();
		const read = lookup(() => members.get('u1'));
		expect(await cache.role('w1', 'u1', read.load)).toBeUndefined();
		members.set('u1', 'viewer');
		expect(await cache.role('w1', 'u1', read.load)).toBe('viewer');
	});

	it('[TJ1] a lookup that was running when everything was forgotten is not kept', async () => {
		const cache = new AccessCache(60_000);
		let release!: () => void;
		const running = cache.role('w1', 'u1', async () => {
			await new Promise<void>((resolve) => (release = resolve));
			return 'participant' as const;
		});
		cache.forgetAll();
		release();
		await running;
		const read = lookup((): Role | undefined => undefined);
		expect(await cache.role('w1', 'u1', read.load)).toBeUndefined();
		expect(read.calls).toBe(1);
	});

	it('[TJ1] roles are kept per workshop and user', async () => {
		const cache = new AccessCache(60_000);
		await cache.role('w1', 'u1', async () => 'facilitator');
		expect(await cache.role('w2', 'u1', async () => undefined)).toBeUndefined();
		expect(await cache.role('w1', 'u2', async () => 'viewer')).toBe('viewer');
	});
});

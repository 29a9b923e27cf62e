import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { insertUser } from '../db/users.ts';
import {
	createSession,
	invalidateSession,
	parseSessionToken,
	SESSION_LIFETIME,
	validateSessionToken
} from './sessions.ts';
import { sql } from '../db/sql.ts';

let db: Database;
let userId: string;

beforeAll(async () => {
	db = await openDatabase({ dataDir: 'memory://' });
	await migrate(db, 'migrations');
	userId = (
		await insertUser(db, {
			email: 'ann@example.com',
			name: 'Ann',
			function: 'Product',
			passwordHash: 'x'
		})
	).id;
});

afterAll(() => db.close());

describe('parseSessionToken', () => {
	it('accepts "<id>.<secret>" of base32 parts and nothing else', () => {
		const part = 'a'.repeat(32);
		expect(parseSessionToken(`${part}.${part}`)).toEqual({ id: part, secret: part });
		expect(parseSessionToken(part)).toBeNull();
		expect(parseSessionToken(`${part}.${part}.${part}`)).toBeNull();
		expect(parseSessionToken(`${part}.${'A'.repeat(32)}`)).toBeNull();
	});
});

describe('createSession', () => {
	it('stores only a hash of the secret, never the token', async () => {
		const { token, session } = await createSession(db, userId);
		const rows = await db.query(sql`select * from sessions where id = ${session.id}`);
		const stored = JSON.stringify(rows, (_, v) => (v instanceof Uint8Array ? [...v] : v));
		expect(stored).not.toContain(token.split('.')[1]);
		expect(rows[0].secret_hash).toHaveLength(32);
	});
});

describe('validateSessionToken', () => {
	it('returns the user for a valid token', async () => {
		const { token } = await createSession(db, userId);
		const result = await validateSessionToken(db, token);
		expect(result?.user).toMatchObject({ id: userId, name: 'Ann', isGuest: false });
	});

	it('refuses a token whose secret was altered', async () => {
		const { token } = await createSession(db, userId);
		const [id, secret] = token.split('.');
		const altered = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect(await validateSessionToken(db, altered)).toBeNull();
	});

	it('deletes an expired session', async () => {
		const start = new Date('2026-01-01T00:00:00Z');
		const { token, session } = await createSession(db, userId, start);
		const later = new Date(start.getTime() + SESSION_LIFETIME + 1);
		expect(await validateSessionToken(db, token, later)).toBeNull();
		expect(await db.query(sql`select 1 from sessions where id = ${session.id}`)).toHaveLength(0);
	});

	it('extends a session used in the second half of its life (sliding expiry)', async () => {
		const start = new Date('2026-01-01T00:00:00Z');
		const { token, session } = await createSession(db, userId, start);
		const day20 = new Date(start.getTime() + 20 * 86_400_000);
		const result = await validateSessionToken(db, token, day20);
		expect(result!.session.expiresAt.getTime()).toBe(day20.getTime() + SESSION_LIFETIME);
		expect(result!.session.expiresAt.getTime()).toBeGreaterThan(session.expiresAt.getTime());
	});

	it('forgets a session after sign-out', async () => {
		const { token, session } = await createSession(db, userId);
		await invalidateSession(db, session.id);
		expect(await validateSessionToken(db, token)).toBeNull();
	});
});

import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Queryable } from '../db/connection.ts';
import { inList, sql } from '../db/sql.ts';

export const SESSION_COOKIE = 'converge_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A session used within this long of its expiry is extended (sliding expiry). */
const RENEW_WITHIN = 15 * DAY;

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

export interface SessionUser {
	id: string;
	name: string;
	email: string | null;
	function: string;
	isGuest: boolean;
}

export interface SessionAuth {
	session: Session;
	user: SessionUser;
}

function randomPart(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** Splits a cookie value "<id>.<secret>"; anything else is not a token. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const parts = token.split('.');
	if (parts.length !== 2 || !/^[a-z2-7]{32}$/.test(parts[0]) || !/^[a-z2-7]{32}$/.test(parts[1])) {
		return null;
	}
	return { id: parts[0], secret: parts[1] };
}

/** Creates a session and returns the token to put in the cookie; it is never stored. */
export async function createSession(
	db: Queryable,
	userId: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const id = randomPart();
	const secret = randomPart();
	const expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
	await db.query(
		sql`insert into sessions (id, secret_hash, user_id, expires_at) values (${id}, ${hashSecret(secret)}, ${userId}, ${expiresAt})`
	);
	return { token: `${id}.${secret}`, session: { id, userId, expiresAt } };
}

/**
 * Returns the session and its user for a cookie value, extending the session when it is in the
 * second half of its life. Expired sessions are deleted.
 */
export async function validateSessionToken(
	db: Queryable,
	token: string,
	now = new Date()
): Promise<SessionAuth | null> {
	const parsed = parseSessionToken(token);
	if (!parsed) return null;
	const rows = await db.query<{
		secret_hash: Uint8Array;
		expires_at: Date;
		user_id: string;
		name: string;
		email: string | null;
		function: string;
		is_guest: boolean;
	}>(sql`
		select s.secret_hash, s.expires_at, u.id as user_id, u.name, u.email, u.function, u.is_guest
		from sessions s join users u on u.id = s.user_id
		where s.id = ${parsed.id}`);
	const row = rows[0];
	if (!row) return null;
	if (!constantTimeEqual(new Uint8Array(row.secret_hash), hashSecret(parsed.secret))) return null;
	let expiresAt = new Date(row.expires_at);
	if (now.getTime() >= expiresAt.getTime()) {
		await invalidateSession(db, parsed.id);
		return null;
	}
	if (expiresAt.getTime() - now.getTime() < RENEW_WITHIN) {
		expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
		await db.query(sql`update sessions set expires_at = ${expiresAt} where id = ${parsed.id}`);
	}
	return {
		session: { id: parsed.id, userId: row.user_id, expiresAt },
		user: {
			id: row.user_id,
			name: row.name,
			email: row.email,
			function: row.function,
			isGuest: row.is_guest
		}
	};
}

export async function invalidateSession(db: Queryable, sessionId: string): Promise<void> {
	await db.query(sql`delete from sessions where id = ${sessionId}`);
}

/** Which of these sessions still exist and have not expired. */
export async function liveSessions(
	db: Queryable,
	ids: string[],
	now = new Date()
): Promise<Set<string>> {
	const rows = await db.query<{ id: string }>(
		sql`select id from sessions where id in ${inList(ids)} and expires_at > ${now}`
	);
	return new Set(rows.map((r) => r.id));
}

/** Cookie attributes: HttpOnly and SameSite=Lax always, Secure unless served over plain http. */
export function sessionCookieOptions(expiresAt: Date, secure: boolean) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, expires: expiresAt };
}

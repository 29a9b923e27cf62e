import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { findUserByEmail } from '../db/users.ts';
import { hashPassword } from '../auth/passwords.ts';
import { AppError } from '../errors.ts';
import { readEmail } from '../feedback/people.ts';
import { requireString } from '../validation.ts';
import { noticeEmail } from './email.ts';
import { queueEmail } from './outbox.ts';

/** A reset link works this long, once. */
const RESET_LIFETIME_MS = 60 * 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Mails a reset link to the account with this email, through the outbox. Answers the same whether
 * or not there is such an account, so the form cannot be used to find out who has one. Only the
 * token's SHA-256 is stored; the link carries the 256-bit token itself.
 */
export async function requestPasswordReset(
	db: Queryable,
	input: Record<string, unknown>,
	origin: string,
	lifetimeMs = RESET_LIFETIME_MS
): Promise<void> {
	const email = readEmail(input.email).toLowerCase();
	const user = await findUserByEmail(db, email);
	if (!user || user.is_guest || !user.email) return;
	const token = randomBytes(32).toString('base64url');
	await db.query(sql`
		insert into password_resets (token_hash, user_id, expires_at)
		values (${hash(token)}, ${user.id}, ${new Date(Date.now() + lifetimeMs)})`);
	await queueEmail(
		db,
		noticeEmail(
			user.email,
			'Reset your Converge password',
			[
				`Someone (we hope you) asked to reset the password of ${user.email}.`,
				`The link works once, within ${Math.round(lifetimeMs / 60_000)} minutes. If it was not you, ignore this email.`
			],
			{ href: `${origin}/reset/${token}`, label: 'Choose a new password' }
		)
	);
}

const INVALID = 'This reset link is not valid any more; ask for a new one';

/** Whether the link still works (for the page, before the new password is typed). */
export async function checkResetToken(db: Queryable, token: string): Promise<void> {
	const rows = await db.query(sql`
		select 1 from password_resets
		where token_hash = ${hash(token)} and used_at is null and expires_at > now()`);
	if (!rows[0]) throw new AppError('not_found', INVALID);
}

/**
 * Sets the new password and uses the link up; every session of the account is signed out. Returns
 * the ended sessions, whose open sockets the caller closes.
 */
export async function resetPassword(
	db: Database,
	token: string,
	input: Record<string, unknown>
): Promise<{ userId: string; sessionIds: string[] }> {
	const password = requireString(input, 'password', {
		min: 8,
		max: 256,
		label: 'Password',
		trim: false
	});
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const rows = await tx.query<{ user_id: string }>(sql`
			update password_resets set used_at = now()
			where token_hash = ${hash(token)} and used_at is null and expires_at > now()
			returning user_id`);
		if (!rows[0]) throw new AppError('not_found', INVALID);
		const userId = rows[0].user_id;
		await tx.query(sql`update users set password_hash = ${passwordHash} where id = ${userId}`);
		const ended = await tx.query<{ id: string }>(
			sql`delete from sessions where user_id = ${userId} returning id`
		);
		return { userId, sessionIds: ended.map((row) => row.id) };
	});
}

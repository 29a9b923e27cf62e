import { FUNCTIONS } from '../../src/lib/model/functions.ts';
import type { App } from '../app.ts';
import { findUserByEmail, insertUser, updateUserProfile } from '../db/users.ts';
import { findInvite } from '../db/invites.ts';
import { addMember, isRemoved, type Role } from '../db/workshops.ts';
import { AppError } from '../errors.ts';
import { requireOneOf, requireString } from '../validation.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { createSession, type Session } from './sessions.ts';

export interface Signed {
	token: string;
	session: Session;
	user: { id: string; name: string; email: string | null; function: string };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function readEmail(input: Record<string, unknown>): string {
	const email = requireString(input, 'email', { max: 254, label: 'Email' }).toLowerCase();
	if (!EMAIL.test(email))
		throw new AppError('bad_request', 'Email must look like name@example.com', 'email');
	return email;
}

export async function signUp(
	app: App,
	input: Record<string, unknown>,
	ip: string
): Promise<Signed> {
	const email = readEmail(input);
	const password = requireString(input, 'password', {
		min: 8,
		max: 256,
		label: 'Password',
		trim: false
	});
	const name = requireString(input, 'name', { max: 80, label: 'Name' });
	const fn =
		input.function === undefined
			? 'Product'
			: requireOneOf(input, 'function', FUNCTIONS, 'Function');
	const wait = app.throttles.signupByIp.retryAfter(ip);
	if (wait > 0) {
		throw new AppError(
			'too_many_requests',
			`Too many sign-ups; try again in ${wait} s`,
			undefined,
			wait
		);
	}
	app.throttles.signupByIp.hit(ip);
	const user = await insertUser(app.db, {
		email,
		name,
		function: fn,
		passwordHash: await hashPassword(password)
	});
	if (!user)
		throw new AppError(
			'conflict',
			'An account with this email already exists; sign in instead',
			'email'
		);
	const { token, session } = await createSession(app.db, user.id);
	return {
		token,
		session,
		user: { id: user.id, name: user.name, email: user.email, function: user.function }
	};
}

const BAD_LOGIN = 'Email or password is incorrect';

export async function logIn(app: App, input: Record<string, unknown>, ip: string): Promise<Signed> {
	const email = readEmail(input);
	const password = requireString(input, 'password', { max: 256, label: 'Password', trim: false });
	const { login } = app.throttles;
	const wait = login.retryAfter(email, ip);
	if (wait > 0) {
		throw new AppError(
			'too_many_requests',
			`Too many failed sign-in attempts; try again in ${wait} s`,
			undefined,
			wait
		);
	}
	const user = await findUserByEmail(app.db, email);
	// The same work and the same answer whether the email is unknown or the password wrong.
	const valid = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
	if (!user || !user.password_hash || !valid) {
		// Only failures count ([U2]): an address that never failed is never held back.
		login.failed(email, ip);
		throw new AppError('unauthorized', BAD_LOGIN);
	}
	login.succeeded(email, ip);
	const { token, session } = await createSession(app.db, user.id);
	return {
		token,
		session,
		user: { id: user.id, name: user.name, email: user.email, function: user.function }
	};
}

export interface Joined {
	workshopId: string;
	role: Role;
	/** Set when a guest account was created: the caller must set this session cookie. */
	signed?: Signed;
}

/** Why an invite link no longer works, in the words the join page and the API show. */
const INVITE_GONE = {
	revoked: 'This invite link was revoked by the facilitator; ask them for a new one',
	expired: 'This invite link has expired; ask the facilitator for a new one'
} as const;

export const REMOVED_MESSAGE =
	'You were removed from this workshop; a facilitator has to let you back in before you can join again';

/**
 * Follows an invite link: a signed-in user joins as they are; anyone else becomes a guest with
 * the name and function they gave, and gets a session. A revoked or expired link admits nobody
 * ([M2]); someone removed from the workshop is refused until readmitted ([M1]); an existing
 * member keeps their role ([M3]); new guests are throttled per address and per link ([U3]).
 */
export async function joinByInvite(
	app: App,
	token: string,
	input: Record<string, unknown>,
	current: { id: string } | null,
	ip: string
): Promise<Joined> {
	const invite = await findInvite(app.db, token);
	if (!invite) throw new AppError('not_found', 'This invite link is not valid; ask for a new one');
	if (invite.status !== 'active') throw new AppError('gone', INVITE_GONE[invite.status]);
	if (current) {
		if (await isRemoved(app.db, invite.workshopId, current.id)) {
			throw new AppError('forbidden', REMOVED_MESSAGE);
		}
		if (input.name !== undefined || input.function !== undefined) {
			const name = requireString(input, 'name', { max: 80, label: 'Name' });
			const fn = requireOneOf(input, 'function', FUNCTIONS, 'Function');
			await updateUserProfile(app.db, current.id, { name, function: fn });
		}
		const role = await addMember(app.db, invite.workshopId, current.id, invite.role);
		return { workshopId: invite.workshopId, role };
	}
	const name = requireString(input, 'name', { max: 80, label: 'Name' });
	const fn = requireOneOf(input, 'function', FUNCTIONS, 'Function');
	const { guestJoinByAddress, guestJoinByInvite } = app.throttles;
	const wait = Math.max(guestJoinByAddress.retryAfter(ip), guestJoinByInvite.retryAfter(invite.id));
	if (wait > 0) {
		throw new AppError(
			'too_many_requests',
			`Too many people joined through this link just now; try again in ${wait} s`,
			undefined,
			wait
		);
	}
	guestJoinByAddress.hit(ip);
	guestJoinByInvite.hit(invite.id);
	const guest = await insertUser(app.db, { email: null, name, function: fn, passwordHash: null });
	const role = await addMember(app.db, invite.workshopId, guest.id, invite.role);
	const { token: sessionToken, session } = await createSession(app.db, guest.id);
	return {
		workshopId: invite.workshopId,
		role,
		signed: {
			token: sessionToken,
			session,
			user: { id: guest.id, name, email: null, function: fn }
		}
	};
}

import type { Handle } from '@sveltejs/kit';
import {
	SESSION_COOKIE,
	sessionCookieOptions,
	validateSessionToken
} from '$server/auth/sessions.ts';
import { getApp } from '$lib/server/app.ts';

export const handle: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const app = await getApp();
		const result = await validateSessionToken(app.db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			// Refresh the cookie so its expiry slides with the session's.
			event.cookies.set(
				SESSION_COOKIE,
				token,
				sessionCookieOptions(result.session.expiresAt, event.url.protocol === 'https:')
			);
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import {
	SESSION_COOKIE,
	sessionCookieOptions,
	validateSessionToken
} from '$server/auth/sessions.ts';
import { crossOriginWrite } from '$server/cross-origin.ts';
import { AppError } from '$server/errors.ts';
import { frameAncestors, securityHeaders, withFrameAncestors } from '$server/security-headers.ts';
import { getApp } from '$lib/server/app.ts';
import { errorResponse } from '$lib/server/http.ts';

/** Security headers on every response SvelteKit makes (the production entry covers the rest). */
const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const policy = {
		https: event.url.protocol === 'https:',
		embedOrigins: (await getApp()).config.embedOrigins
	};
	const path = event.url.pathname;
	for (const [name, value] of Object.entries(securityHeaders(path, policy))) {
		response.headers.set(name, value);
	}
	const csp = response.headers.get('content-security-policy');
	response.headers.set(
		'content-security-policy',
		withFrameAncestors(csp, frameAncestors(path, policy))
	);
	return response;
};

const sameOrigin: Handle = ({ event, resolve }) => {
	if (
		crossOriginWrite(
			event.request,
			event.url.origin,
			event.cookies.get(SESSION_COOKIE) !== undefined
		)
	) {
		return errorResponse(new AppError('forbidden', 'cross-site requests are refused'));
	}
	return resolve(event);
};

const session: Handle = async ({ event, resolve }) => {
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

export const handle = sequence(headers, sameOrigin, session);

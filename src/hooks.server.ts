import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';
import {
	SESSION_COOKIE,
	sessionCookieOptions,
	validateSessionToken
} from '$server/auth/sessions.ts';
import { crossOriginWrite } from '$server/cross-origin.ts';
import { databaseUnavailable, type DatabaseUnavailable } from '$server/db/outage.ts';
import { AppError } from '$server/errors.ts';
import { frameAncestors, securityHeaders, withFrameAncestors } from '$server/security-headers.ts';
import { getApp } from '$lib/server/app.ts';
import { errorResponse } from '$lib/server/http.ts';

const TROUBLE =
	'The server cannot reach its database right now. It keeps retrying; try again in a moment.';

/**
 * While the database is unreachable, what needed it answers 503 with Retry-After, never 500: a
 * JSON error from the API, the error page (which retries by itself) from pages, and a small page
 * when not even the session could be read.
 */
const unavailable: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		const outage = databaseUnavailable(error);
		if (!outage) throw error;
		return serviceUnavailable(event, outage, null);
	}
	const outage = event.locals.outage;
	return outage && response.status === 500 ? serviceUnavailable(event, outage, response) : response;
};

function serviceUnavailable(
	event: RequestEvent,
	outage: DatabaseUnavailable,
	page: Response | null
): Response {
	const retryAfter = String(outage.retryAfterSeconds);
	if (event.url.pathname.startsWith('/api/')) {
		const response = errorResponse(new AppError('unavailable', TROUBLE));
		response.headers.set('retry-after', retryAfter);
		return response;
	}
	if (page) {
		const headers = new Headers(page.headers);
		headers.set('retry-after', retryAfter);
		return new Response(page.body, { status: 503, headers });
	}
	return new Response(
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${retryAfter}"><title>Retrying · Converge</title></head><body><h1>The server is having trouble</h1><p>${TROUBLE}</p><p>This page reloads by itself.</p></body></html>`,
		{
			status: 503,
			headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': retryAfter }
		}
	);
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	const outage = databaseUnavailable(error);
	if (outage) {
		// The database breaker logs the outage itself, once per interval.
		event.locals.outage = outage;
		return { message: TROUBLE, code: 'unavailable' };
	}
	// What SvelteKit's own handler would log; its message ("Internal Error", "Not Found") stands.
	console.error(`${status} ${event.request.method} ${event.url.pathname}:`, error);
};

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

/**
 * The developer harnesses under /dev are for `npm run dev` and the end-to-end tests (which start
 * the production build with CONVERGE_DEV_PAGES=1); any other production server answers 404.
 * Checked here, not in a load: the harness renders in the browser only, so no server load runs
 * before its page answers 200.
 */
const devPages: Handle = ({ event, resolve }) => {
	if (event.url.pathname.startsWith('/dev/') && !dev && env.CONVERGE_DEV_PAGES !== '1') {
		return new Response('Not found', { status: 404 });
	}
	return resolve(event);
};

export const handle = sequence(headers, devPages, unavailable, sameOrigin, session);

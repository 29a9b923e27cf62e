import { json, type Cookies, type RequestEvent } from '@sveltejs/kit';
import type { Signed } from '$server/auth/accounts.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '$server/auth/sessions.ts';
import { AppError } from '$server/errors.ts';
import { asObject } from '$server/validation.ts';

/** The JSON error body of the public API: `{ error: { code, message, field? } }`. */
export function errorResponse(error: AppError): Response {
	const body = { error: { code: error.code, message: error.message, field: error.field } };
	const headers: Record<string, string> =
		error.retryAfter === undefined ? {} : { 'retry-after': String(error.retryAfter) };
	return json(body, { status: error.status, headers });
}

/** Wraps an API handler: expected failures become JSON errors, anything else is a 500. */
export function api(handler: (event: RequestEvent) => Promise<Response>) {
	return async (event: RequestEvent) => {
		try {
			return await handler(event);
		} catch (error) {
			if (error instanceof AppError) return errorResponse(error);
			throw error;
		}
	};
}

/** A JSON body of the workshop API may be this big (adapter-node's own default); more is 413. */
export const JSON_BODY_LIMIT = 512 * 1024;

/**
 * Reads a JSON object body of at most `maxBytes`, refusing more with 413 before reading it whole.
 * The server's outer BODY_SIZE_LIMIT is far larger (a feedback CSV may be 50 MiB), so each JSON
 * route keeps its own.
 */
export async function readJson(
	request: Request,
	maxBytes = JSON_BODY_LIMIT
): Promise<Record<string, unknown>> {
	const tooLarge = () =>
		new AppError(
			'payload_too_large',
			`the request body is larger than the server accepts (${Math.round(maxBytes / 1024)} KB)`
		);
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
	let text = '';
	try {
		if (request.body) {
			const decoder = new TextDecoder();
			let bytes = 0;
			for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
				bytes += chunk.byteLength;
				if (bytes > maxBytes) throw tooLarge();
				text += decoder.decode(chunk, { stream: true });
			}
			text += decoder.decode();
		}
	} catch (error) {
		if (error instanceof AppError) throw error;
		// adapter-node stops reading past BODY_SIZE_LIMIT and fails the body with a 413.
		if ((error as { status?: unknown }).status === 413) throw tooLarge();
		throw error;
	}
	let body: unknown;
	try {
		body = text === '' ? {} : JSON.parse(text);
	} catch {
		throw new AppError('bad_request', 'the request body is not valid JSON');
	}
	return asObject(body);
}

export function requireUser(locals: App.Locals) {
	if (!locals.user) throw new AppError('unauthorized', 'Sign in first');
	return locals.user;
}

export function setSessionCookie(event: { cookies: Cookies; url: URL }, signed: Signed) {
	event.cookies.set(
		SESSION_COOKIE,
		signed.token,
		sessionCookieOptions(signed.session.expiresAt, event.url.protocol === 'https:')
	);
}

export function clearSessionCookie(event: { cookies: Cookies; url: URL }) {
	event.cookies.delete(SESSION_COOKIE, { path: '/', secure: event.url.protocol === 'https:' });
}

/** The client's address for throttling; adapter-node honours ADDRESS_HEADER behind a proxy. */
export function clientIp(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

import { fail, type RequestEvent } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';

/** A submitted form as plain strings (file inputs are not part of any Converge form). */
export async function readForm(request: Request): Promise<Record<string, string>> {
	const form = await request.formData();
	const fields: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string') fields[key] = value;
	}
	return fields;
}

/**
 * Turns an expected failure into the `form` prop a page shows next to the field it names; the
 * values (never passwords) come back so the person does not retype them. A throttled request
 * also gets its Retry-After header when the event is given. Bugs are rethrown.
 */
export function formFailure(
	error: unknown,
	values: Record<string, string>,
	event?: Pick<RequestEvent, 'setHeaders'>
) {
	if (!(error instanceof AppError)) throw error;
	if (event && error.retryAfter !== undefined) {
		event.setHeaders({ 'retry-after': String(error.retryAfter) });
	}
	const kept = { ...values };
	delete kept.password;
	return fail(error.status, { message: error.message, field: error.field ?? null, values: kept });
}

/** Stands in for the site's own origin: only whether `next` stays on it matters. */
const HERE = 'http://converge.invalid';

/**
 * Where to go after signing in ([U1]): a path on this site, never another origin. `next` is
 * resolved against the origin as a browser would and kept only if it stays there. Browsers drop
 * tabs and newlines from a URL and read a backslash as a slash (`/<tab>/evil.example` and
 * `/\\evil.example` both become `//evil.example`, another host), so any control character or
 * backslash is refused outright; what is returned is the re-serialised path (ASCII,
 * percent-encoded), safe as a Location header.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
	let url: URL;
	try {
		url = new URL(next, HERE);
	} catch {
		return fallback;
	}
	const path = url.pathname + url.search + url.hash;
	// `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as a host.
	if (url.origin !== HERE || path.startsWith('//')) return fallback;
	return path;
}

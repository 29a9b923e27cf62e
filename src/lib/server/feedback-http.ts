import type { RequestEvent } from '@sveltejs/kit';
import type { App } from '$server/app.ts';
import { AppError } from '$server/errors.ts';
import type { Actor } from '$server/feedback/access.ts';
import { requestActor } from '$server/feedback/api-keys.ts';
import { getApp } from './app.ts';
import { readJson } from './http.ts';

/** A JSON body of the feedback API may be this big; more is 413 (docs/api.md). */
export const JSON_MAX_BYTES = 1024 * 1024;

/** The app and who acts: an API key (`Authorization: Bearer`) or the session's user. */
export async function productActor(event: RequestEvent): Promise<{ app: App; actor: Actor }> {
	const app = await getApp();
	const actor = await requestActor(
		app.db,
		event.request.headers.get('authorization'),
		event.locals.user?.id ?? null
	);
	return { app, actor };
}

/** Reads a JSON object body of at most 1 MiB, refusing more with 413 before reading it whole. */
export function readJsonBody(request: Request): Promise<Record<string, unknown>> {
	return readJson(request, JSON_MAX_BYTES);
}

/** A whole number from the query string within bounds, or the default. */
export function queryInt(url: URL, name: string, fallback: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) {
		throw new AppError('bad_request', `${name} must be a whole number`, name);
	}
	return value;
}

import type { RequestEvent } from '@sveltejs/kit';
import type { App } from '$server/app.ts';
import { AppError } from '$server/errors.ts';
import type { Actor } from '$server/feedback/access.ts';
import { requestActor } from '$server/feedback/api-keys.ts';
import { asObject } from '$server/validation.ts';
import { getApp } from './app.ts';

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
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > JSON_MAX_BYTES) throw tooLarge();
	let text = '';
	if (request.body) {
		const decoder = new TextDecoder();
		let bytes = 0;
		for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
			bytes += chunk.byteLength;
			if (bytes > JSON_MAX_BYTES) throw tooLarge();
			text += decoder.decode(chunk, { stream: true });
		}
		text += decoder.decode();
	}
	let body: unknown;
	try {
		body = text === '' ? {} : JSON.parse(text);
	} catch {
		throw new AppError('bad_request', 'the request body is not valid JSON');
	}
	return asObject(body);
}

const tooLarge = () =>
	new AppError(
		'payload_too_large',
		`A request body may be at most ${JSON_MAX_BYTES / 1024 / 1024} MiB`
	);

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

import { json } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';
import { IMPORT_MAX_BYTES, importCsv, listImports } from '$server/feedback/imports.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json({ imports: await listImports(app.db, actor, event.params.pid!) });
});

/**
 * `?format=jira|linear|generic`, the CSV as the body: 202 `{id}` at once, rows read in the
 * background (poll GET …/imports/:id). Over 50 MiB → 413 and nothing stored.
 */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	if (Number(event.request.headers.get('content-length') ?? 0) > IMPORT_MAX_BYTES) {
		throw new AppError('payload_too_large', 'A CSV file may be at most 50 MiB');
	}
	if (!event.request.body) throw new AppError('bad_request', 'Send the CSV file as the body');
	const mapping = event.url.searchParams.get('mapping');
	let chosen: Record<string, string> | undefined;
	try {
		chosen = mapping ? JSON.parse(mapping) : undefined;
	} catch {
		throw new AppError('bad_request', 'mapping must be a JSON object of field → column', 'mapping');
	}
	const { id } = await importCsv(
		app.db,
		actor,
		event.params.pid!,
		{ format: event.url.searchParams.get('format'), mapping: chosen },
		event.request.body,
		{ log: app.log }
	);
	return json({ id }, { status: 202 });
});

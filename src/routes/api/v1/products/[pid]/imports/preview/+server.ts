import { json } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';
import { previewImport, readFormat } from '$server/feedback/imports.ts';
import { requireProduct } from '$server/feedback/access.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

/** The first rows of a CSV as they would import (`?format=`), stored nowhere; reads ≤ 1 MiB. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	await requireProduct(app.db, actor, event.params.pid!);
	const format = readFormat(event.url.searchParams.get('format'));
	if (!event.request.body) throw new AppError('bad_request', 'Send the start of the CSV file');
	const mapping = event.url.searchParams.get('mapping');
	const preview = await previewImport(
		limited(event.request.body as unknown as AsyncIterable<Uint8Array>, 1024 * 1024),
		format,
		{ mapping: mapping ? JSON.parse(mapping) : undefined }
	);
	return json(preview);
});

/** Only the start of a file is needed: reading stops after `max` bytes. */
async function* limited(body: AsyncIterable<Uint8Array>, max: number) {
	let bytes = 0;
	for await (const chunk of body) {
		yield chunk.subarray(0, Math.max(0, max - bytes));
		bytes += chunk.byteLength;
		if (bytes >= max) return;
	}
}

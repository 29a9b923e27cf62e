import { json } from '@sveltejs/kit';
import { getProduct, updateProduct } from '$server/feedback/products.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json(await getProduct(app.db, actor, event.params.pid!));
});

/** Settings: `{name?, slug?, portalEnabled?}` (owners). */
export const PATCH = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	await updateProduct(app.db, actor, event.params.pid!, input);
	return json(await getProduct(app.db, actor, event.params.pid!));
});

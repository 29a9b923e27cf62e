import { json } from '@sveltejs/kit';
import { createApiKey, listApiKeys } from '$server/feedback/api-keys.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json({ apiKeys: await listApiKeys(app.db, actor, event.params.pid!) });
});

/** The key is in this response only; it is stored hashed. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	return json(await createApiKey(app.db, actor, event.params.pid!, input), { status: 201 });
});

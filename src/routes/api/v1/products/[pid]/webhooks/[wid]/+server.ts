import { json } from '@sveltejs/kit';
import { deleteWebhook, updateWebhook } from '$server/delivery/webhooks.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** `{eventTypes?, enabled?}` */
export const PATCH = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const { pid, wid } = event.params;
	return json(await updateWebhook(app.db, actor, pid!, wid!, input));
});

export const DELETE = api(async (event) => {
	const { app, actor } = await productActor(event);
	await deleteWebhook(app.db, actor, event.params.pid!, event.params.wid!);
	return new Response(null, { status: 204 });
});

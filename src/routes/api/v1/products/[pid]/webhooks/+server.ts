import { json } from '@sveltejs/kit';
import { createWebhook, listWebhooks } from '$server/delivery/webhooks.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json({ webhooks: await listWebhooks(app.db, actor, event.params.pid!) });
});

/** `{url, eventTypes}`; the `whsec_` secret is in this response only. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const allowPrivate = app.config.webhookAllowPrivate;
	return json(await createWebhook(app.db, actor, event.params.pid!, input, allowPrivate), {
		status: 201
	});
});

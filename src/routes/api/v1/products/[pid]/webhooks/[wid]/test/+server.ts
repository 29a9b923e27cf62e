import { json } from '@sveltejs/kit';
import { testWebhook } from '$server/delivery/webhooks.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

/** Queues a `webhook.test` event to this endpoint. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const result = await testWebhook(app.db, actor, event.params.pid!, event.params.wid!);
	app.delivery.wake();
	return json(result, { status: 202 });
});

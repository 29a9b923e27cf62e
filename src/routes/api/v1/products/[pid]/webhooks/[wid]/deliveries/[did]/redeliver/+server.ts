import { json } from '@sveltejs/kit';
import { redeliver } from '$server/delivery/webhooks.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

/** Queues the delivery again with the same webhook-id. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const { pid, wid, did } = event.params;
	const result = await redeliver(app.db, actor, pid!, wid!, did!);
	app.delivery.wake();
	return json(result, { status: 202 });
});

import { json } from '@sveltejs/kit';
import { changeStatus } from '$server/delivery/statuses.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** `{status, note?}`: the change and its emails and webhooks are queued in one transaction. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const result = await changeStatus(app.db, actor, event.params.pid!, event.params.iid!, input);
	app.delivery.wake();
	return json(result);
});

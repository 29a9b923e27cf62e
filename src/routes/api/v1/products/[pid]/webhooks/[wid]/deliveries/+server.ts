import { json } from '@sveltejs/kit';
import { listDeliveries } from '$server/delivery/webhooks.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const { pid, wid } = event.params;
	return json({ deliveries: await listDeliveries(app.db, actor, pid!, wid!) });
});

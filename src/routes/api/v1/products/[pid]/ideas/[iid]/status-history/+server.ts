import { json } from '@sveltejs/kit';
import { statusHistory } from '$server/delivery/statuses.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const { pid, iid } = event.params;
	return json({ changes: await statusHistory(app.db, actor, pid!, iid!) });
});

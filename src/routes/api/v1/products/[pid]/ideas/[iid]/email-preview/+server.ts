import { json } from '@sveltejs/kit';
import { previewStatusEmail } from '$server/delivery/preview.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

/** `?status=shipped&note=…`: the email requesters would get, not sent. */
export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = Object.fromEntries(event.url.searchParams);
	const { pid, iid } = event.params;
	return json(await previewStatusEmail(app.db, actor, pid!, iid!, input, app.delivery.origin));
});

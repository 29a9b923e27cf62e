import { json } from '@sveltejs/kit';
import { sendTestEmail } from '$server/delivery/preview.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** `{status, note?}`: mails the preview to the signed-in person. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const { pid, iid } = event.params;
	const result = await sendTestEmail(app.db, actor, pid!, iid!, input, app.delivery.origin);
	app.delivery.wake();
	return json(result, { status: 202 });
});

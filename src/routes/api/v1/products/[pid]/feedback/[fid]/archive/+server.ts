import { json } from '@sveltejs/kit';
import { archiveFeedback } from '$server/feedback/feedback.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** Archives the item; `{restore: true}` puts it back in the Inbox. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const [item] = await archiveFeedback(app.db, actor, event.params.pid!, [event.params.fid!], {
		restore: input.restore === true
	});
	return json(item);
});

import { json } from '@sveltejs/kit';
import { linkFeedback } from '$server/feedback/feedback.ts';
import { requireString } from '$server/validation.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** `{ideaId}`: links the item to the idea (moving it from another one). */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const ideaId = requireString(await readJsonBody(event.request), 'ideaId', { max: 40 });
	const [item] = await linkFeedback(app.db, actor, event.params.pid!, [event.params.fid!], ideaId);
	return json(item);
});

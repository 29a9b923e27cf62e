import { json } from '@sveltejs/kit';
import { unlinkFeedback } from '$server/feedback/feedback.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const [item] = await unlinkFeedback(app.db, actor, event.params.pid!, [event.params.fid!]);
	return json(item);
});

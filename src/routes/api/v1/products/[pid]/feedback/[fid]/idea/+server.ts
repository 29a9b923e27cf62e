import { json } from '@sveltejs/kit';
import { ideaFromFeedback } from '$server/feedback/feedback.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** Triage's "new idea": `{title?, description?, tags?}`, linked to the item. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const result = await ideaFromFeedback(app.db, actor, event.params.pid!, event.params.fid!, input);
	return json(result, { status: 201 });
});

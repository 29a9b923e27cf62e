import { json } from '@sveltejs/kit';
import { mergeIdea } from '$server/feedback/ideas.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** `{into}`: this idea becomes a duplicate of `into` (a link; unmerge undoes it exactly). */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	return json(await mergeIdea(app.db, actor, event.params.pid!, event.params.iid!, input));
});

import { json } from '@sveltejs/kit';
import { unmergeIdea } from '$server/feedback/ideas.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json(await unmergeIdea(app.db, actor, event.params.pid!, event.params.iid!));
});

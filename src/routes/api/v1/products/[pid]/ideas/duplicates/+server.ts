import { json } from '@sveltejs/kit';
import { possibleDuplicates } from '$server/feedback/ideas.ts';
import { api } from '$lib/server/http.ts';
import { productActor, queryInt } from '$lib/server/feedback-http.ts';

/** Pairs of ideas whose titles look alike, most alike first. */
export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const pairs = await possibleDuplicates(app.db, actor, event.params.pid!, {
		limit: queryInt(event.url, 'limit', 20)
	});
	return json({ pairs });
});

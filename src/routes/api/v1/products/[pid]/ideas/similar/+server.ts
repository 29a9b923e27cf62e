import { json } from '@sveltejs/kit';
import { similarIdeas } from '$server/feedback/ideas.ts';
import { api } from '$lib/server/http.ts';
import { productActor, queryInt } from '$lib/server/feedback-http.ts';

/** `?q=<text>`: ideas like it, best first. */
export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const ideas = await similarIdeas(
		app.db,
		actor,
		event.params.pid!,
		event.url.searchParams.get('q') ?? '',
		{
			limit: queryInt(event.url, 'limit', 10),
			except: event.url.searchParams.get('except') || undefined
		}
	);
	return json({ ideas });
});

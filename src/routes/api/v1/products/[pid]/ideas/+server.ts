import { json } from '@sveltejs/kit';
import { createIdea, listIdeas, type IdeaSort } from '$server/feedback/ideas.ts';
import { api } from '$lib/server/http.ts';
import { productActor, queryInt, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const param = (name: string) => event.url.searchParams.get(name) || undefined;
	const result = await listIdeas(app.db, actor, event.params.pid!, {
		sort: param('sort') as IdeaSort | undefined,
		q: param('q'),
		tag: param('tag'),
		segment: param('segment'),
		company: param('company'),
		source: param('source'),
		merged: param('merged') === 'true',
		limit: queryInt(event.url, 'limit', 50),
		offset: queryInt(event.url, 'offset', 0)
	});
	return json(result);
});

export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	return json(await createIdea(app.db, actor, event.params.pid!, input), { status: 201 });
});

import { json } from '@sveltejs/kit';
import { getIdea, updateIdea } from '$server/feedback/ideas.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json(await getIdea(app.db, actor, event.params.pid!, event.params.iid!));
});

/** `{title?, description?, tags?, public?}` */
export const PATCH = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	await updateIdea(app.db, actor, event.params.pid!, event.params.iid!, input);
	return json(await getIdea(app.db, actor, event.params.pid!, event.params.iid!));
});

import { json } from '@sveltejs/kit';
import { listProductWorkshops, workshopFromIdeas } from '$server/feedback/workshops.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json({ workshops: await listProductWorkshops(app.db, actor, event.params.pid!) });
});

/** `{title, description?, ideaIds}`: a new workshop whose board holds those ideas with their demand. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const workshop = await workshopFromIdeas(app.db, app.rooms, actor, event.params.pid!, input);
	return json({ ...workshop, role: 'facilitator' }, { status: 201 });
});

import { json } from '@sveltejs/kit';
import { updateCompany } from '$server/feedback/people.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

/** `{name?, arr?, segment?}`: the one place a company's ARR and segment change. */
export const PATCH = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	return json(await updateCompany(app.db, actor, event.params.pid!, event.params.cid!, input));
});

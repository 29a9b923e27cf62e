import { json } from '@sveltejs/kit';
import { eraseRequester } from '$server/feedback/people.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

/** Right to erasure (owners): personal data removed, feedback kept anonymised, demand recounted. */
export const DELETE = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json(await eraseRequester(app.db, actor, event.params.pid!, event.params.rid!));
});

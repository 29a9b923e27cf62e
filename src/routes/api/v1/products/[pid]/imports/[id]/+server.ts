import { json } from '@sveltejs/kit';
import { getImport } from '$server/feedback/imports.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json(await getImport(app.db, actor, event.params.pid!, event.params.id!));
});

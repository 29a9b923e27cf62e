import { json } from '@sveltejs/kit';
import { listCompanies } from '$server/feedback/people.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const q = event.url.searchParams.get('q') ?? undefined;
	return json({ companies: await listCompanies(app.db, actor, event.params.pid!, { q }) });
});

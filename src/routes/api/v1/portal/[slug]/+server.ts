import { json } from '@sveltejs/kit';
import { portalView } from '$server/feedback/portal.ts';
import { getApp } from '$lib/server/app.ts';
import { api } from '$lib/server/http.ts';

/** The portal's public ideas (`?q=` to search); 404 while the portal is off. */
export const GET = api(async (event) => {
	const app = await getApp();
	const q = event.url.searchParams.get('q') ?? undefined;
	return json(await portalView(app.db, event.params.slug!, { q }));
});

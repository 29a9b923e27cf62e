import { json } from '@sveltejs/kit';
import { portalSimilar } from '$server/feedback/portal.ts';
import { getApp } from '$lib/server/app.ts';
import { api } from '$lib/server/http.ts';

/** "Vote for this instead": public ideas like `?q=`. */
export const GET = api(async (event) => {
	const app = await getApp();
	const q = event.url.searchParams.get('q') ?? '';
	return json({ ideas: await portalSimilar(app.db, event.params.slug!, q) });
});

import { json } from '@sveltejs/kit';
import { applyRoadmap, previewRoadmap, readMapping } from '$server/delivery/apply-roadmap.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

/** The preview: `?now=&next=&later=` override the default mapping (an empty value keeps). */
export const GET = api(async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const given = Object.fromEntries(
		['now', 'next', 'later'].flatMap((h) =>
			url.searchParams.has(h) ? [[h, url.searchParams.get(h)]] : []
		)
	);
	return json(await previewRoadmap(await getApp(), user.id, params.id!, readMapping(given)));
});

/** `{mapping?}`: one status change per idea, with its emails and webhooks; again changes nothing. */
export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const app = await getApp();
	const result = await applyRoadmap(app, user.id, params.id!, await readJson(request));
	app.delivery.wake();
	return json(result);
});

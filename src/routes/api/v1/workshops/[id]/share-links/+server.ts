import { json } from '@sveltejs/kit';
import { sharedLinksOf, shareWorkshop } from '$server/share.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	return json({ links: await sharedLinksOf(await getApp(), user.id, params.id!) });
});

export const POST = api(async ({ locals, params, request, url }) => {
	const user = requireUser(locals);
	const { token, link } = await shareWorkshop(
		await getApp(),
		user.id,
		params.id!,
		await readJson(request)
	);
	return json({ ...link, token, url: `${url.origin}/x/${token}` }, { status: 201 });
});

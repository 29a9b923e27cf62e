import { json } from '@sveltejs/kit';
import { versionAsJson } from '$server/version-views.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	return json(await versionAsJson(await getApp(), user.id, params.id!, params.versionId!));
});

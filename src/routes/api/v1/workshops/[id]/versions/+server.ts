import { json } from '@sveltejs/kit';
import { saveVersion, versionsOf } from '$server/versions.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	return json({ versions: await versionsOf(await getApp(), user.id, params.id!) });
});

export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const version = await saveVersion(await getApp(), user.id, params.id!, await readJson(request));
	return json(version, { status: 201 });
});

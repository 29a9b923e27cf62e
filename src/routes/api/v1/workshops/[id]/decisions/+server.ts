import { json } from '@sveltejs/kit';
import { decide, decisionsOf } from '$server/decisions.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	return json(await decisionsOf(await getApp(), user.id, params.id!));
});

export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const record = await decide(await getApp(), user.id, params.id!, await readJson(request));
	return json(record, { status: 201 });
});

import { json } from '@sveltejs/kit';
import { addProxy } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

/** Adds a proxy person (in the room, no device): `{ name, function }`. */
export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const member = await addProxy(await getApp(), user.id, params.id!, await readJson(request));
	return json(member, { status: 201 });
});

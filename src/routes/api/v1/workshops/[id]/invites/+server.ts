import { json } from '@sveltejs/kit';
import { inviteTo } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const POST = api(async ({ locals, params, request, url }) => {
	const user = requireUser(locals);
	const invite = await inviteTo(await getApp(), user.id, params.id!, await readJson(request));
	return json({ ...invite, url: `${url.origin}/join/${invite.token}` }, { status: 201 });
});

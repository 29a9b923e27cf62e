import { json } from '@sveltejs/kit';
import { invitesOf, inviteTo } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	return json({ invites: await invitesOf(await getApp(), user.id, params.id!) });
});

export const POST = api(async ({ locals, params, request, url }) => {
	const user = requireUser(locals);
	const invite = await inviteTo(await getApp(), user.id, params.id!, await readJson(request));
	return json({ ...invite, url: `${url.origin}/join/${invite.token}` }, { status: 201 });
});

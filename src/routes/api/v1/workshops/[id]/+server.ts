import { json } from '@sveltejs/kit';
import { openRoom } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	const view = await openRoom(await getApp(), user.id, params.id!);
	return json({ ...view.workshop, role: view.role, members: view.members });
});

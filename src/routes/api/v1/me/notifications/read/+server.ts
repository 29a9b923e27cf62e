import { json } from '@sveltejs/kit';
import { markNotificationsRead } from '$server/delivery/notifications.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

/** `{ids?}`: marks those notices read, or every one without ids. */
export const POST = api(async ({ locals, request }) => {
	const user = requireUser(locals);
	const marked = await markNotificationsRead((await getApp()).db, user.id, await readJson(request));
	return json({ marked });
});

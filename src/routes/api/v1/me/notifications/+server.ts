import { json } from '@sveltejs/kit';
import { listNotifications, setNotificationEmail } from '$server/delivery/notifications.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

/** The signed-in person's notices about ideas they scored, newest first, with the unread count. */
export const GET = api(async ({ locals }) => {
	const user = requireUser(locals);
	return json(await listNotifications((await getApp()).db, user.id));
});

/** `{email: boolean}`: whether these notices also come by email. */
export const PATCH = api(async ({ locals, request }) => {
	const user = requireUser(locals);
	return json(await setNotificationEmail((await getApp()).db, user.id, await readJson(request)));
});

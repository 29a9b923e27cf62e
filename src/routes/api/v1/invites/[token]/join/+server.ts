import { json } from '@sveltejs/kit';
import { joinByInvite } from '$server/auth/accounts.ts';
import { getApp } from '$lib/server/app.ts';
import { api, clientIp, readJson, setSessionCookie } from '$lib/server/http.ts';

export const POST = api(async (event) => {
	const joined = await joinByInvite(
		await getApp(),
		event.params.token!,
		await readJson(event.request),
		event.locals.user,
		clientIp(event)
	);
	if (joined.signed) setSessionCookie(event, joined.signed);
	return json({ workshopId: joined.workshopId, role: joined.role });
});

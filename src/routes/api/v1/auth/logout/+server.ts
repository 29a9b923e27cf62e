import { getApp } from '$lib/server/app.ts';
import { api, clearSessionCookie } from '$lib/server/http.ts';

export const POST = api(async (event) => {
	if (event.locals.session) await (await getApp()).endSession(event.locals.session.id);
	clearSessionCookie(event);
	return new Response(null, { status: 204 });
});

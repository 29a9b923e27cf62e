import { invalidateSession } from '$server/auth/sessions.ts';
import { getApp } from '$lib/server/app.ts';
import { api, clearSessionCookie } from '$lib/server/http.ts';

export const POST = api(async (event) => {
	if (event.locals.session) await invalidateSession((await getApp()).db, event.locals.session.id);
	clearSessionCookie(event);
	return new Response(null, { status: 204 });
});

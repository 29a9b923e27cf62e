import { redirect } from '@sveltejs/kit';
import { invalidateSession } from '$server/auth/sessions.ts';
import { getApp } from '$lib/server/app.ts';
import { clearSessionCookie } from '$lib/server/http.ts';
import type { RequestHandler } from './$types';

/** Sign out is a POST (a form in the header), so a link or a prefetch can never sign anyone out. */
export const POST: RequestHandler = async (event) => {
	if (event.locals.session) await invalidateSession((await getApp()).db, event.locals.session.id);
	clearSessionCookie(event);
	redirect(303, '/');
};

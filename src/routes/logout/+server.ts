import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app.ts';
import { clearSessionCookie } from '$lib/server/http.ts';
import type { RequestHandler } from './$types';

/** Sign out is a POST (a form in the header), so a link or a prefetch can never sign anyone out. */
export const POST: RequestHandler = async (event) => {
	if (event.locals.session) await (await getApp()).endSession(event.locals.session.id);
	clearSessionCookie(event);
	redirect(303, '/');
};

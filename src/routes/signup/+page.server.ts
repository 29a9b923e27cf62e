import { redirect } from '@sveltejs/kit';
import { signUp } from '$server/auth/accounts.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm, safeNext } from '$lib/server/forms.ts';
import { clientIp, setSessionCookie } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user && !locals.user.isGuest) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next'), '') };
};

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			setSessionCookie(event, await signUp(await getApp(), values, clientIp(event)));
		} catch (error) {
			return formFailure(error, values, event);
		}
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
};

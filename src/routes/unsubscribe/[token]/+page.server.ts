import { error } from '@sveltejs/kit';
import { readUnsubscribeToken, unsubscribe } from '$server/delivery/email.ts';
import { AppError } from '$server/errors.ts';
import { getApp } from '$lib/server/app.ts';
import type { Actions, PageServerLoad } from './$types';

/** Opening the link only asks (a link scanner must not unsubscribe anyone); the button does it. */
export const load: PageServerLoad = async ({ params, url }) => {
	const app = await getApp();
	try {
		const { email, productName } = await readUnsubscribeToken(app.db, params.token);
		return { email, productName, done: url.searchParams.has('done') };
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.message);
		throw e;
	}
};

// In production the POST is answered before SvelteKit (server/delivery/unsubscribe-http.ts); this
// action serves `vite dev` and a form posted with SvelteKit's own headers.
export const actions: Actions = {
	default: async ({ params }) => {
		const app = await getApp();
		try {
			await unsubscribe(app.db, params.token);
		} catch (e) {
			if (e instanceof AppError) error(e.status, e.message);
			throw e;
		}
		return { done: true };
	}
};

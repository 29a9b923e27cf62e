import { redirect } from '@sveltejs/kit';
import { acceptProductInvite, readProductInvite } from '$server/delivery/invitations.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure } from '$lib/server/forms.ts';
import { pageCall } from '$lib/server/product-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const app = await getApp();
	const invite = await pageCall(() => readProductInvite(app.db, params.token));
	const signedIn = locals.user !== null && !locals.user.isGuest;
	return { invite, signedIn, here: url.pathname };
};

export const actions: Actions = {
	accept: async ({ params, locals, url }) => {
		if (!locals.user || locals.user.isGuest) {
			redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
		}
		let slug: string;
		try {
			slug = (await acceptProductInvite((await getApp()).db, locals.user.id, params.token)).slug;
		} catch (error) {
			return formFailure(error, {});
		}
		redirect(303, `/products/${slug}`);
	}
};

import { redirect } from '@sveltejs/kit';
import { listProductMail } from '$server/delivery/outbox.ts';
import { getApp } from '$lib/server/app.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user || locals.user.isGuest) {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	}
	const app = await getApp();
	return {
		smtp: Boolean(app.config.smtpUrl),
		mail: await listProductMail(app.db, locals.user.id)
	};
};

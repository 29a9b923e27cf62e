import { portalSubscribe } from '$server/delivery/subscribers.ts';
import { HONEYPOT_FIELD, portalIdea } from '$server/feedback/portal.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { clientIp } from '$lib/server/http.ts';
import { pageCall } from '$lib/server/product-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	return {
		page: await pageCall(() => portalIdea(app.db, params.slug, params.id)),
		honeypot: HONEYPOT_FIELD
	};
};

export const actions: Actions = {
	/** Follow the idea by email (works without JavaScript). */
	subscribe: async (event) => {
		const app = await getApp();
		const values = await readForm(event.request);
		try {
			await portalSubscribe(
				app.db,
				app.throttles.portal,
				event.params.slug,
				event.params.id,
				values,
				{ ip: clientIp(event) }
			);
			return { subscribed: true, email: values.email };
		} catch (error) {
			return formFailure(error, values);
		}
	}
};

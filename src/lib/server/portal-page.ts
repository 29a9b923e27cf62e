import type { Actions, RequestEvent } from '@sveltejs/kit';
import { HONEYPOT_FIELD, portalSubmit, portalView, portalVote } from '$server/feedback/portal.ts';
import { getApp } from './app.ts';
import { formFailure, readForm } from './forms.ts';
import { clientIp } from './http.ts';
import { pageCall } from './product-page.ts';

/** The portal page's data: 404 (SvelteKit's error page) while the portal is off. */
export async function loadPortal(event: Pick<RequestEvent, 'params' | 'url'>) {
	const app = await getApp();
	const q = event.url.searchParams.get('q') ?? '';
	const view = await pageCall(() => portalView(app.db, event.params.slug ?? '', { q }));
	return { portal: view, q, honeypot: HONEYPOT_FIELD };
}

/**
 * The portal's two forms, shared by /p/<slug> and the widget's /p/<slug>/embed: they work without
 * JavaScript, and what was typed comes back with an error so nobody retypes it.
 */
export function portalActions(source: 'portal' | 'widget'): Actions {
	return {
		submit: async (event) => {
			const app = await getApp();
			const values = await readForm(event.request);
			try {
				const result = await portalSubmit(
					app.db,
					app.throttles.portal,
					event.params.slug ?? '',
					values,
					{
						ip: clientIp(event),
						source
					}
				);
				return { submitted: true, email: values.email, similar: result.similar };
			} catch (error) {
				return formFailure(error, { ...values, form: 'submit' });
			}
		},
		vote: async (event) => {
			const app = await getApp();
			const values = await readForm(event.request);
			try {
				const result = await portalVote(
					app.db,
					app.throttles.portal,
					event.params.slug ?? '',
					values.ideaId ?? '',
					values,
					{ ip: clientIp(event) }
				);
				return { voted: values.ideaId, created: result.created, email: values.email };
			} catch (error) {
				return formFailure(error, { ...values, form: 'vote' });
			}
		}
	};
}

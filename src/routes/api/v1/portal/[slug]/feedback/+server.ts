import { json } from '@sveltejs/kit';
import { portalSubmit } from '$server/feedback/portal.ts';
import { getApp } from '$lib/server/app.ts';
import { api, clientIp } from '$lib/server/http.ts';
import { readJsonBody } from '$lib/server/feedback-http.ts';

/** `{text, email, name?, company?}` from anyone; `?source=widget` from the embedded widget. */
export const POST = api(async (event) => {
	const app = await getApp();
	const input = await readJsonBody(event.request);
	const source = event.url.searchParams.get('source') === 'widget' ? 'widget' : 'portal';
	const result = await portalSubmit(app.db, app.throttles.portal, event.params.slug!, input, {
		ip: clientIp(event),
		source
	});
	return json({ id: result.id, similar: result.similar }, { status: 201 });
});

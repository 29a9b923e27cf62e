import { json } from '@sveltejs/kit';
import { portalSubscribe } from '$server/delivery/subscribers.ts';
import { getApp } from '$lib/server/app.ts';
import { api, clientIp } from '$lib/server/http.ts';
import { readJsonBody } from '$lib/server/feedback-http.ts';

/** `{email}`: follow a public idea's status emails; 201 when new, 200 when already following. */
export const POST = api(async (event) => {
	const app = await getApp();
	const input = await readJsonBody(event.request);
	const result = await portalSubscribe(
		app.db,
		app.throttles.portal,
		event.params.slug!,
		event.params.iid!,
		input,
		{ ip: clientIp(event) }
	);
	return json(result, { status: result.created ? 201 : 200 });
});

import { json } from '@sveltejs/kit';
import { portalVote } from '$server/feedback/portal.ts';
import { getApp } from '$lib/server/app.ts';
import { api, clientIp } from '$lib/server/http.ts';
import { readJsonBody } from '$lib/server/feedback-http.ts';

/** `{email}`: 201 for a new vote, 200 when this email already voted for the idea. */
export const POST = api(async (event) => {
	const app = await getApp();
	const input = await readJsonBody(event.request);
	const result = await portalVote(
		app.db,
		app.throttles.portal,
		event.params.slug!,
		event.params.iid!,
		input,
		{ ip: clientIp(event) }
	);
	return json(result, { status: result.created ? 201 : 200 });
});

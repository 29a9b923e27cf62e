import { revokeApiKey } from '$server/feedback/api-keys.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const DELETE = api(async (event) => {
	const { app, actor } = await productActor(event);
	await revokeApiKey(app.db, actor, event.params.pid!, event.params.kid!);
	return new Response(null, { status: 204 });
});

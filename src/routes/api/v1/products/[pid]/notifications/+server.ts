import { json } from '@sveltejs/kit';
import { getNotificationSettings, updateNotificationSettings } from '$server/delivery/statuses.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json(await getNotificationSettings(app.db, actor, event.params.pid!));
});

/** `{notifyStatuses}`: which status changes email the people who asked. */
export const PATCH = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	return json(await updateNotificationSettings(app.db, actor, event.params.pid!, input));
});

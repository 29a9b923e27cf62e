import { json } from '@sveltejs/kit';
import { addSubscriber, listSubscribers, removeSubscriber } from '$server/delivery/subscribers.ts';
import { AppError } from '$server/errors.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const subscribers = await listSubscribers(app.db, actor, event.params.pid!, event.params.iid!);
	return json({ subscribers });
});

/** `{email}`: 201 when new, 200 when already following. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const result = await addSubscriber(app.db, actor, event.params.pid!, event.params.iid!, input);
	return json(result, { status: result.created ? 201 : 200 });
});

/** `?email=`: stops that person following the idea. */
export const DELETE = api(async (event) => {
	const { app, actor } = await productActor(event);
	const email = event.url.searchParams.get('email');
	if (!email) throw new AppError('bad_request', 'Say whose subscription: ?email=', 'email');
	await removeSubscriber(app.db, actor, event.params.pid!, event.params.iid!, email);
	return new Response(null, { status: 204 });
});

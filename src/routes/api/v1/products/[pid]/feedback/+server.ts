import { json } from '@sveltejs/kit';
import { listFeedback, submitFeedback, type FeedbackState } from '$server/feedback/feedback.ts';
import { api } from '$lib/server/http.ts';
import { productActor, queryInt, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const { searchParams } = event.url;
	const feedback = await listFeedback(app.db, actor, event.params.pid!, {
		state: (searchParams.get('state') || undefined) as FeedbackState | undefined,
		ideaId: searchParams.get('ideaId') || undefined,
		limit: queryInt(event.url, 'limit', 100)
	});
	return json({ feedback });
});

/** 201 with the new item; 200 with the existing one when its externalId was seen before. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	const { feedback, created } = await submitFeedback(app.db, actor, event.params.pid!, input);
	return json(feedback, { status: created ? 201 : 200 });
});

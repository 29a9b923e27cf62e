import { removeProductMember } from '$server/feedback/products.ts';
import { api } from '$lib/server/http.ts';
import { productActor } from '$lib/server/feedback-http.ts';

export const DELETE = api(async (event) => {
	const { app, actor } = await productActor(event);
	await removeProductMember(app.db, actor, event.params.pid!, event.params.uid!);
	return new Response(null, { status: 204 });
});

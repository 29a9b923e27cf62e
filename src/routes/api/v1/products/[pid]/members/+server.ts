import { json } from '@sveltejs/kit';
import { addProductMember, listProductMembers } from '$server/feedback/products.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	return json({ members: await listProductMembers(app.db, actor, event.params.pid!) });
});

/** `{email, role?: 'owner' | 'member'}` (owners): adds a registered person, or changes their role. */
export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	const input = await readJsonBody(event.request);
	return json(await addProductMember(app.db, actor, event.params.pid!, input), { status: 201 });
});

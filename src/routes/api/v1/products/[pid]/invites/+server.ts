import { json } from '@sveltejs/kit';
import { emailProductInvite } from '$server/delivery/invitations.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

/** `{email, role?}` (owners only): a single-use link to join the product, sent by email. */
export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const app = await getApp();
	const input = await readJson(request);
	const sent = await emailProductInvite(app.db, user.id, params.pid!, input, app.delivery.origin);
	app.delivery.wake();
	return json(sent, { status: 201 });
});

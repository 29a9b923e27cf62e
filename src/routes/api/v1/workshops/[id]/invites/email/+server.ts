import { json } from '@sveltejs/kit';
import { emailWorkshopInvite } from '$server/delivery/invitations.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

/** `{email, role?, expiresInHours?}`: a new invite link, sent to the address through the outbox. */
export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const app = await getApp();
	const input = await readJson(request);
	const sent = await emailWorkshopInvite(app, user.id, params.id!, input, app.delivery.origin);
	app.delivery.wake();
	return json(sent, { status: 201 });
});

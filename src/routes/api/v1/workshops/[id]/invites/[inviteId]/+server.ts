import { revokeInviteLink } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

/** Revokes an invite link: nobody joins through it from now on ([M2]). */
export const DELETE = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	await revokeInviteLink(await getApp(), user.id, params.id!, params.inviteId!);
	return new Response(null, { status: 204 });
});

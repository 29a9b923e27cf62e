import { revokeShare } from '$server/share.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

/** Revokes a read-only link: it stops working and its open pages are told at once. */
export const DELETE = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	await revokeShare(await getApp(), user.id, params.id!, params.linkId!);
	return new Response(null, { status: 204 });
});

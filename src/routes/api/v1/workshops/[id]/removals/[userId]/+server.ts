import { readmitTo } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

/** Lets a removed person back in: they may join again through an invite link ([M1]). */
export const DELETE = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	await readmitTo(await getApp(), user.id, params.id!, params.userId!);
	return new Response(null, { status: 204 });
});

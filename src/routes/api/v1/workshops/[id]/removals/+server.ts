import { json } from '@sveltejs/kit';
import { removalsOf } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

/** The people removed from the workshop, whom no invite link lets back in ([M1]). */
export const GET = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	return json({ removed: await removalsOf(await getApp(), user.id, params.id!) });
});

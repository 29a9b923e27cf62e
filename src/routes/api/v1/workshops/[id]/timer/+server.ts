import { json } from '@sveltejs/kit';
import { controlTimer } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const timer = await controlTimer(await getApp(), user.id, params.id!, await readJson(request));
	return json({ timer, now: Date.now() });
});

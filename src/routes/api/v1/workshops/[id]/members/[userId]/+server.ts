import { json } from '@sveltejs/kit';
import { changeRole, removeFromWorkshop } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const PATCH = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const role = await changeRole(
		await getApp(),
		user.id,
		params.id!,
		params.userId!,
		await readJson(request)
	);
	return json({ userId: params.userId, role });
});

export const DELETE = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	await removeFromWorkshop(await getApp(), user.id, params.id!, params.userId!);
	return new Response(null, { status: 204 });
});

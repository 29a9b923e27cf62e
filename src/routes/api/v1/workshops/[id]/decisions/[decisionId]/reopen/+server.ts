import { json } from '@sveltejs/kit';
import { reopen } from '$server/decisions.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const POST = api(async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const record = await reopen(
		await getApp(),
		user.id,
		params.id!,
		params.decisionId!,
		await readJson(request)
	);
	return json(record);
});

import { json } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';
import { compareAsJson } from '$server/version-views.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const from = url.searchParams.get('from');
	const to = url.searchParams.get('to');
	if (!from || !to)
		throw new AppError('bad_request', 'Give the versions to compare as ?from=…&to=…');
	return json(await compareAsJson(await getApp(), user.id, params.id!, from, to));
});

import { json } from '@sveltejs/kit';
import { listWorkshopsFor } from '$server/db/workshops.ts';
import { openWorkshop } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { api, readJson, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals }) => {
	const user = requireUser(locals);
	return json({ workshops: await listWorkshopsFor((await getApp()).db, user.id) });
});

export const POST = api(async ({ locals, request }) => {
	const user = requireUser(locals);
	const workshop = await openWorkshop(await getApp(), user.id, await readJson(request));
	return json({ ...workshop, role: 'facilitator' }, { status: 201 });
});

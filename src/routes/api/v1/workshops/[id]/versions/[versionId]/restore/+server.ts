import { json } from '@sveltejs/kit';
import { restoreVersion } from '$server/versions.ts';
import { getApp } from '$lib/server/app.ts';
import { api, requireUser } from '$lib/server/http.ts';

export const POST = api(async ({ locals, params }) => {
	const user = requireUser(locals);
	const before = await restoreVersion(await getApp(), user.id, params.id!, params.versionId!);
	return json({ restored: params.versionId, savedBefore: before });
});

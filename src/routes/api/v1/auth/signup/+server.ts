import { json } from '@sveltejs/kit';
import { signUp } from '$server/auth/accounts.ts';
import { getApp } from '$lib/server/app.ts';
import { api, clientIp, readJson, setSessionCookie } from '$lib/server/http.ts';

export const POST = api(async (event) => {
	const signed = await signUp(await getApp(), await readJson(event.request), clientIp(event));
	setSessionCookie(event, signed);
	return json({ user: signed.user }, { status: 201 });
});

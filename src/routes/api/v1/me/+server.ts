import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/http.ts';

export const GET = api(async ({ locals }) => json({ user: requireUser(locals) }));

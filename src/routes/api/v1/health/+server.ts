import { json } from '@sveltejs/kit';
import { sql } from '$server/db/sql.ts';
import { getApp } from '$lib/server/app.ts';
import { api } from '$lib/server/http.ts';

/** 200 while the database answers; 503 with Retry-After while it cannot be reached (hooks). */
export const GET = api(async () => {
	await (await getApp()).db.query(sql`select 1`);
	return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
});

import { portalIdea } from '$server/feedback/portal.ts';
import { getApp } from '$lib/server/app.ts';
import { pageCall } from '$lib/server/product-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	return { page: await pageCall(() => portalIdea(app.db, params.slug, params.id)) };
};

import { listProductWorkshops } from '$server/feedback/workshops.ts';
import { productPage } from '$lib/server/product-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { app, actor, product } = await productPage(event);
	const workshops = await listProductWorkshops(app.db, actor, product.id);
	return {
		workshops: workshops.map((w) => ({
			id: w.id,
			title: w.title,
			description: w.description,
			createdAt: w.createdAt.toISOString()
		}))
	};
};

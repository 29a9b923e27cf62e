import { productPage } from '$lib/server/product-page.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { product } = await productPage(event);
	return {
		product: {
			id: product.id,
			name: product.name,
			slug: product.slug,
			portalEnabled: product.portalEnabled,
			role: product.role
		}
	};
};

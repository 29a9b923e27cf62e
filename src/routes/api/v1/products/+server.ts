import { json } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';
import { createProduct, getProduct, listProducts } from '$server/feedback/products.ts';
import { api } from '$lib/server/http.ts';
import { productActor, readJsonBody } from '$lib/server/feedback-http.ts';

export const GET = api(async (event) => {
	const { app, actor } = await productActor(event);
	const products =
		actor.kind === 'key'
			? [await getProduct(app.db, actor, actor.productId)]
			: await listProducts(app.db, actor.userId);
	return json({ products });
});

export const POST = api(async (event) => {
	const { app, actor } = await productActor(event);
	if (actor.kind !== 'user') throw new AppError('forbidden', 'An API key cannot create products');
	const product = await createProduct(app.db, actor.userId, await readJsonBody(event.request));
	return json({ ...product, role: 'owner' }, { status: 201 });
});

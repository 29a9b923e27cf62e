import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { App } from '$server/app.ts';
import { AppError } from '$server/errors.ts';
import { userActor, type Actor } from '$server/feedback/access.ts';
import { findProductBySlug, getProduct, type ProductSummary } from '$server/feedback/products.ts';
import { getApp } from './app.ts';

export interface ProductPage {
	app: App;
	actor: Actor;
	product: ProductSummary;
}

/**
 * The product a /products/<slug or id> page is about, for its signed-in member: a visitor is sent
 * to sign in, anyone else gets the same 404 the API gives (the product's existence is not told).
 */
export async function productPage(
	event: Pick<RequestEvent, 'locals' | 'params' | 'url'>
): Promise<ProductPage> {
	const user = event.locals.user;
	if (!user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
	const app = await getApp();
	const actor = userActor(user.id);
	const param = event.params.product ?? '';
	const id = (await findProductBySlug(app.db, param))?.id ?? param;
	const product = await pageCall(() => getProduct(app.db, actor, id));
	return { app, actor, product };
}

/** Runs a load's server call, turning an expected failure into SvelteKit's error page. */
export async function pageCall<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (e) {
		if (e instanceof AppError) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
}

import { createApiKey, listApiKeys, revokeApiKey } from '$server/feedback/api-keys.ts';
import { listImports } from '$server/feedback/imports.ts';
import {
	addProductMember,
	listProductMembers,
	removeProductMember,
	updateProduct
} from '$server/feedback/products.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { productPage } from '$lib/server/product-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { app, actor, product } = await productPage(event);
	const owner = product.role === 'owner';
	const [keys, members, imports] = await Promise.all([
		owner ? listApiKeys(app.db, actor, product.id) : [],
		listProductMembers(app.db, actor, product.id),
		listImports(app.db, actor, product.id)
	]);
	return {
		portalUrl: `${event.url.origin}/p/${product.slug}`,
		origin: event.url.origin,
		keys: keys
			.filter((k) => !k.revokedAt)
			.map((k) => ({
				id: k.id,
				label: k.label,
				prefix: k.prefix,
				createdAt: k.createdAt.toISOString(),
				lastUsedAt: k.lastUsedAt?.toISOString() ?? null
			})),
		members: members.map((m) => ({ ...m })),
		imports: imports.slice(0, 5).map((i) => ({
			id: i.id,
			format: i.format as string,
			state: i.state as string,
			rows: i.rows,
			created: i.created,
			createdAt: i.createdAt.toISOString()
		}))
	};
};

/** Runs an owner's settings change; an expected failure comes back to the form that made it. */
async function change(
	event: Parameters<Actions[string]>[0],
	form: string,
	work: (
		page: Awaited<ReturnType<typeof productPage>>,
		values: Record<string, string>
	) => Promise<object | void>
) {
	const page = await productPage(event);
	const values = await readForm(event.request);
	try {
		return { form, ...(await work(page, values)) };
	} catch (error) {
		return formFailure(error, { ...values, form });
	}
}

export const actions: Actions = {
	portal: (event) =>
		change(event, 'portal', ({ app, actor, product }, values) =>
			updateProduct(app.db, actor, product.id, { portalEnabled: values.enabled === 'true' }).then(
				() => {}
			)
		),
	key: (event) =>
		change(event, 'key', async ({ app, actor, product }, values) => {
			const key = await createApiKey(app.db, actor, product.id, { label: values.label });
			return { key: key.key, label: key.label };
		}),
	revoke: (event) =>
		change(event, 'revoke', ({ app, actor, product }, values) =>
			revokeApiKey(app.db, actor, product.id, values.id ?? '').then(() => {})
		),
	member: (event) =>
		change(event, 'member', ({ app, actor, product }, values) =>
			addProductMember(app.db, actor, product.id, values).then(() => {})
		),
	removeMember: (event) =>
		change(event, 'member', ({ app, actor, product }, values) =>
			removeProductMember(app.db, actor, product.id, values.userId ?? '').then(() => {})
		)
};

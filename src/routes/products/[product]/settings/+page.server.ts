import { EVENT_TYPES } from '$server/delivery/outbox.ts';
import { getNotificationSettings, updateNotificationSettings } from '$server/delivery/statuses.ts';
import {
	createWebhook,
	deleteWebhook,
	listDeliveries,
	listWebhooks,
	redeliver,
	testWebhook
} from '$server/delivery/webhooks.ts';
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
	const webhooks = owner ? await listWebhooks(app.db, actor, product.id) : [];
	const deliveries = await Promise.all(
		webhooks.map((w) => listDeliveries(app.db, actor, product.id, w.id))
	);
	return {
		notifyStatuses: (await getNotificationSettings(app.db, actor, product.id))
			.notifyStatuses as string[],
		eventTypes: [...EVENT_TYPES] as string[],
		webhooks: webhooks.map((w, i) => ({
			id: w.id,
			url: w.url,
			eventTypes: w.eventTypes as string[],
			disabled: w.disabledAt !== null,
			failing: w.failingSince !== null,
			deliveries: deliveries[i].slice(0, 5).map((d) => ({
				id: d.id,
				type: d.type,
				state: d.state,
				attempts: d.attempts,
				lastStatus: d.lastStatus,
				createdAt: d.createdAt.toISOString()
			}))
		})),
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

/** A form's checkboxes named `name`, as the list the API takes. */
async function checked(event: Parameters<Actions[string]>[0], name: string): Promise<string[]> {
	const body = await event.request.clone().formData();
	return body.getAll(name).map(String);
}

export const actions: Actions = {
	notify: async (event) => {
		const statuses = await checked(event, 'status');
		return change(event, 'notify', ({ app, actor, product }) =>
			updateNotificationSettings(app.db, actor, product.id, { notifyStatuses: statuses }).then(
				() => ({ notifySaved: true })
			)
		);
	},
	webhook: async (event) => {
		const eventTypes = await checked(event, 'eventType');
		return change(event, 'webhook', async ({ app, actor, product }, values) => {
			const hook = await createWebhook(
				app.db,
				actor,
				product.id,
				{ url: values.url, eventTypes },
				app.config.webhookAllowPrivate
			);
			return { secret: hook.secret, url: hook.url };
		});
	},
	testWebhook: (event) =>
		change(event, 'deliveries', ({ app, actor, product }, values) =>
			testWebhook(app.db, actor, product.id, values.id ?? '').then(() => ({ tested: true }))
		),
	redeliver: (event) =>
		change(event, 'deliveries', ({ app, actor, product }, values) =>
			redeliver(app.db, actor, product.id, values.id ?? '', values.delivery ?? '').then(() => ({
				redelivered: true
			}))
		),
	deleteWebhook: (event) =>
		change(event, 'deliveries', ({ app, actor, product }, values) =>
			deleteWebhook(app.db, actor, product.id, values.id ?? '').then(() => {})
		),
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

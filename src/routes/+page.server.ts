import { redirect } from '@sveltejs/kit';
import { listWorkshopsFor } from '$server/db/workshops.ts';
import { listNotifications } from '$server/delivery/notifications.ts';
import { createProduct, listProducts } from '$server/feedback/products.ts';
import { openWorkshop } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { workshops: null, products: [], updates: null };
	const { db } = await getApp();
	const [workshops, products, updates] = await Promise.all([
		listWorkshopsFor(db, locals.user.id),
		listProducts(db, locals.user.id),
		listNotifications(db, locals.user.id, 20)
	]);
	return {
		updates: {
			email: updates.email,
			items: updates.notifications.map((n) => ({
				id: n.id,
				ideaTitle: n.ideaTitle,
				productName: n.productName,
				to: n.to,
				note: n.note,
				workshop: n.workshop,
				createdAt: n.createdAt.toISOString(),
				read: n.read
			}))
		},
		products: products.map((p) => ({ id: p.id, name: p.name, slug: p.slug, role: p.role })),
		workshops: workshops.map((w) => ({
			id: w.id,
			title: w.title,
			description: w.description,
			role: w.role,
			members: w.members,
			createdAt: w.createdAt.toISOString()
		}))
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		if (!locals.user) redirect(303, '/login');
		const values = await readForm(request);
		let id: string;
		try {
			id = (await openWorkshop(await getApp(), locals.user.id, values)).id;
		} catch (error) {
			return formFailure(error, values);
		}
		redirect(303, `/w/${id}`);
	},
	product: async ({ locals, request }) => {
		if (!locals.user) redirect(303, '/login');
		const values = await readForm(request);
		let slug: string;
		try {
			slug = (await createProduct((await getApp()).db, locals.user.id, values)).slug;
		} catch (error) {
			return formFailure(error, { ...values, form: 'product' });
		}
		redirect(303, `/products/${slug}`);
	}
};

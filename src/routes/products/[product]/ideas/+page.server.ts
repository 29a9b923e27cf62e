import { redirect } from '@sveltejs/kit';
import {
	createIdea,
	listIdeas,
	mergeIdea,
	possibleDuplicates,
	type IdeaSort
} from '$server/feedback/ideas.ts';
import { listCompanies } from '$server/feedback/people.ts';
import {
	addIdeasToBoard,
	listProductWorkshops,
	workshopFromIdeas
} from '$server/feedback/workshops.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { productPage } from '$lib/server/product-page.ts';
import type { Actions, PageServerLoad } from './$types';

const FILTERS = ['q', 'tag', 'segment', 'company', 'source'] as const;

export const load: PageServerLoad = async (event) => {
	const { app, actor, product } = await productPage(event);
	const params = event.url.searchParams;
	const filter = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? '']));
	const sort = (params.get('sort') || 'demand') as IdeaSort;
	const [list, pairs, companies, workshops] = await Promise.all([
		listIdeas(app.db, actor, product.id, {
			...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
			sort,
			limit: 200
		}),
		possibleDuplicates(app.db, actor, product.id, { limit: 5 }),
		listCompanies(app.db, actor, product.id),
		listProductWorkshops(app.db, actor, product.id)
	]);
	return {
		filter,
		sort,
		total: list.total,
		ideas: list.ideas.map((i) => ({
			id: i.id,
			title: i.title,
			tags: i.tags,
			status: i.status as string,
			public: i.public,
			demand: {
				requesters: i.demand.requesters,
				companies: i.demand.companies,
				arr: i.demand.arr,
				feedback: i.demand.feedback,
				trend: i.demand.trend
			}
		})),
		pairs,
		companies: companies.map((c) => ({ id: c.id, name: c.name, segment: c.segment })),
		workshops: workshops.map((w) => ({ id: w.id, title: w.title }))
	};
};

async function ideaIds(request: Request) {
	const form = await request.formData();
	const values: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') values[key] = value;
	return { values, ids: form.getAll('ideaIds').filter((v): v is string => typeof v === 'string') };
}

export const actions: Actions = {
	create: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		let id: string;
		try {
			id = (await createIdea(app.db, actor, product.id, values)).id;
		} catch (error) {
			return formFailure(error, { ...values, form: 'create' });
		}
		redirect(303, `/products/${product.slug}/ideas/${id}`);
	},
	merge: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			await mergeIdea(app.db, actor, product.id, values.idea ?? '', { into: values.into });
		} catch (error) {
			return formFailure(error, { ...values, form: 'merge' });
		}
		return { merged: values.into };
	},
	workshop: async (event) => {
		const { app, actor, product } = await productPage(event);
		const { values, ids } = await ideaIds(event.request);
		let id: string;
		try {
			const input = { title: values.title, ideaIds: ids };
			id = (await workshopFromIdeas(app.db, app.rooms, actor, product.id, input)).id;
		} catch (error) {
			return formFailure(error, { ...values, form: 'workshop' });
		}
		redirect(303, `/w/${id}`);
	},
	add: async (event) => {
		const { app, actor, product } = await productPage(event);
		const { values, ids } = await ideaIds(event.request);
		try {
			await addIdeasToBoard(app.db, app.rooms, actor, product.id, values.workshopId ?? '', ids);
		} catch (error) {
			return formFailure(error, { ...values, form: 'workshop' });
		}
		redirect(303, `/w/${values.workshopId}`);
	}
};

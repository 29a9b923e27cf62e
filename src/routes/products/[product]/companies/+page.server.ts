import {
	eraseRequester,
	findRequester,
	listCompanies,
	updateCompany
} from '$server/feedback/people.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { productPage } from '$lib/server/product-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { app, actor, product } = await productPage(event);
	const companies = await listCompanies(app.db, actor, product.id, {
		q: event.url.searchParams.get('q') ?? undefined
	});
	return { companies, q: event.url.searchParams.get('q') ?? '' };
};

export const actions: Actions = {
	company: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			await updateCompany(app.db, actor, product.id, values.id ?? '', {
				arr: values.arr ?? '',
				segment: values.segment ?? ''
			});
		} catch (error) {
			return formFailure(error, { ...values, form: 'company' });
		}
		return { saved: values.id };
	},
	find: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		const person = await findRequester(app.db, actor, product.id, values.email ?? '');
		return {
			form: 'find',
			email: values.email ?? '',
			person: person && {
				id: person.id,
				name: person.name,
				email: person.email,
				company: person.company?.name ?? null,
				feedback: person.feedback
			}
		};
	},
	erase: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			const { feedback } = await eraseRequester(app.db, actor, product.id, values.id ?? '');
			return { form: 'erased', feedback };
		} catch (error) {
			return formFailure(error, { ...values, form: 'erase' });
		}
	}
};

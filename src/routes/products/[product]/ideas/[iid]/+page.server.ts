import { redirect } from '@sveltejs/kit';
import { changeStatus, statusHistory } from '$server/delivery/statuses.ts';
import { getIdea, mergeIdea, unmergeIdea, updateIdea } from '$server/feedback/ideas.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { pageCall, productPage } from '$lib/server/product-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { app, actor, product } = await productPage(event);
	const idea = await pageCall(() =>
		getIdea(app.db, actor, product.id, event.params.iid, { feedback: 12 })
	);
	if (idea.mergedInto) {
		// A merged idea lives on in the one it was merged into: that page lists it and can unmerge it.
		redirect(303, `/products/${product.slug}/ideas/${idea.mergedInto}?merged=${idea.id}`);
	}
	const mergedParam = event.url.searchParams.get('merged');
	const history = await statusHistory(app.db, actor, product.id, idea.id);
	return {
		idea: {
			id: idea.id,
			title: idea.title,
			description: idea.description,
			tags: idea.tags,
			status: idea.status as string,
			public: idea.public,
			votes: idea.votes,
			externalVotes: idea.externalVotes,
			createdAt: idea.createdAt.toISOString(),
			demand: idea.demand,
			mergedFrom: idea.mergedFrom.map((m) => ({
				id: m.id,
				title: m.title,
				requesters: m.demand.requesters,
				companies: m.demand.companies
			})),
			recentFeedback: idea.recentFeedback.map((f) => ({
				id: f.id,
				text: f.text,
				source: f.source,
				receivedAt: f.receivedAt.toISOString(),
				requester: f.requester?.name || f.requester?.email || null,
				company: f.company?.name ?? null
			}))
		},
		history: history.map((c) => ({
			id: c.id,
			from: c.from as string,
			to: c.to as string,
			note: c.note,
			by: c.changedBy?.name ?? null,
			at: c.changedAt.toISOString()
		})),
		mergedHere: idea.mergedFrom.find((m) => m.id === mergedParam)?.title ?? null
	};
};

export const actions: Actions = {
	status: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			const { emailsQueued } = await changeStatus(app.db, actor, product.id, event.params.iid, {
				status: values.status,
				note: values.note ?? ''
			});
			return { statusChanged: true, emailsQueued };
		} catch (error) {
			return formFailure(error, { ...values, form: 'status' });
		}
	},
	update: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			await updateIdea(app.db, actor, product.id, event.params.iid, {
				title: values.title,
				description: values.description ?? '',
				tags: values.tags ?? '',
				public: values.public === 'on'
			});
		} catch (error) {
			return formFailure(error, { ...values, form: 'update' });
		}
		return { saved: true };
	},
	merge: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			await mergeIdea(app.db, actor, product.id, event.params.iid, { into: values.into });
		} catch (error) {
			return formFailure(error, { ...values, form: 'merge' });
		}
		redirect(303, `/products/${product.slug}/ideas/${values.into}?merged=${event.params.iid}`);
	},
	unmerge: async (event) => {
		const { app, actor, product } = await productPage(event);
		const values = await readForm(event.request);
		try {
			await unmergeIdea(app.db, actor, product.id, values.idea ?? '');
		} catch (error) {
			return formFailure(error, { ...values, form: 'merge' });
		}
		return { unmerged: values.idea };
	}
};

import { listFeedback } from '$server/feedback/feedback.ts';
import { listIdeas } from '$server/feedback/ideas.ts';
import { productPage } from '$lib/server/product-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { app, actor, product } = await productPage(event);
	const [feedback, ideas] = await Promise.all([
		listFeedback(app.db, actor, product.id, { state: 'new', limit: 500 }),
		listIdeas(app.db, actor, product.id, { sort: 'demand', limit: 200 })
	]);
	return {
		feedback: feedback.map((f) => ({
			id: f.id,
			text: f.text,
			source: f.source as string,
			requester: f.requester && { name: f.requester.name, email: f.requester.email },
			company: f.company && { name: f.company.name },
			receivedAt: f.receivedAt.toISOString()
		})),
		ideas: ideas.ideas.map((i) => ({ id: i.id, title: i.title, requesters: i.demand.requesters }))
	};
};

import { error } from '@sveltejs/kit';
import { sharedDecisions } from '$server/decisions.ts';
import { readShared } from '$server/share.ts';
import type { DecisionsJson } from '$lib/components/outcome/decision-view.ts';
import { getApp } from '$lib/server/app.ts';
import type { PageServerLoad } from './$types';

const GONE = {
	unknown:
		'Check that you copied the whole address, or ask the workshop’s facilitator for a new link.',
	revoked: 'The facilitator turned this link off. Ask them for a new one if you still need access.',
	expired: 'Read-only links can be given an expiry date. Ask the facilitator for a fresh link.'
};

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const page = await readShared(await getApp(), params.token);
	// A link that never existed is not found; a revoked or expired one is gone for good.
	if (!page.ok) {
		error(page.reason === 'unknown' ? 404 : 410, {
			code: `share_${page.reason}`,
			message: GONE[page.reason]
		});
	}
	const { view } = page;
	const app = await getApp();
	const decisions = await sharedDecisions(app, view.workshop.id);
	return {
		title: view.workshop.title,
		description: view.workshop.description,
		outcome: view.outcome,
		participants: view.participants,
		updatedAt: view.updatedAt.toISOString(),
		decisions: JSON.parse(JSON.stringify(decisions)) as DecisionsJson
	};
};

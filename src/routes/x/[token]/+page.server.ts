import { sharedDecisions } from '$server/decisions.ts';
import { readShared } from '$server/share.ts';
import type { DecisionsJson } from '$lib/components/outcome/decision-view.ts';
import { getApp } from '$lib/server/app.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const page = await readShared(await getApp(), params.token);
	if (!page.ok) return { ok: false as const, reason: page.reason };
	const { view } = page;
	const app = await getApp();
	const decisions = await sharedDecisions(app, view.workshop.id);
	return {
		ok: true as const,
		title: view.workshop.title,
		description: view.workshop.description,
		outcome: view.outcome,
		participants: view.participants,
		updatedAt: view.updatedAt.toISOString(),
		decisions: JSON.parse(JSON.stringify(decisions)) as DecisionsJson
	};
};

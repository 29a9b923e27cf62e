import { error, redirect } from '@sveltejs/kit';
import { decisionsOf } from '$server/decisions.ts';
import { AppError } from '$server/errors.ts';
import { viewWorkshop } from '$server/workshops.ts';
import type { DecisionsJson } from '$lib/components/outcome/decision-view.ts';
import { getApp } from '$lib/server/app.ts';
import type { PageServerLoad } from './$types';

/** The workshop's decision record and its history, for members (linked from the Roadmap tab). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = locals.user;
	if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	try {
		const app = await getApp();
		const view = await viewWorkshop(app, user.id, params.id);
		const decisions = await decisionsOf(app, user.id, params.id);
		return {
			workshop: { id: view.workshop.id, title: view.workshop.title },
			// Dates as strings, as the API gives them.
			decisions: JSON.parse(JSON.stringify(decisions)) as DecisionsJson
		};
	} catch (e) {
		if (e instanceof AppError) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};

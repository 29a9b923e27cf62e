import { error, redirect } from '@sveltejs/kit';
import { joinByInvite } from '$server/auth/accounts.ts';
import { findInvite } from '$server/db/invites.ts';
import { getRole } from '$server/db/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { setSessionCookie } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

const INVALID = 'This invite link is not valid any more. Ask the facilitator for a new one.';

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	const invite = await findInvite(app.db, params.token);
	if (!invite) error(404, { message: INVALID, code: 'invalid_invite' });
	const currentRole = locals.user
		? ((await getRole(app.db, invite.workshopId, locals.user.id)) ?? null)
		: null;
	return {
		token: params.token,
		invite: { workshopId: invite.workshopId, title: invite.workshopTitle, role: invite.role },
		currentRole
	};
};

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		// A signed-in person joins as they are; the form only has name and function for guests.
		const input = event.locals.user ? {} : values;
		let workshopId: string;
		try {
			const joined = await joinByInvite(
				await getApp(),
				event.params.token,
				input,
				event.locals.user
			);
			if (joined.signed) setSessionCookie(event, joined.signed);
			workshopId = joined.workshopId;
		} catch (error) {
			return formFailure(error, values);
		}
		redirect(303, `/w/${workshopId}`);
	}
};

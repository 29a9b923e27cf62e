import { error, redirect } from '@sveltejs/kit';
import { joinByInvite, REMOVED_MESSAGE } from '$server/auth/accounts.ts';
import { findInvite } from '$server/db/invites.ts';
import { getRole, isRemoved } from '$server/db/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import { clientIp, setSessionCookie } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

const INVALID = {
	unknown: 'This invite link is not valid. Ask the facilitator for a new one.',
	revoked: 'The facilitator revoked this invite link. Ask them for a new one.',
	expired: 'This invite link has expired. Ask the facilitator for a new one.'
};

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	const invite = await findInvite(app.db, params.token);
	if (!invite) error(404, { message: INVALID.unknown, code: 'invalid_invite' });
	if (invite.status !== 'active') {
		error(410, { message: INVALID[invite.status], code: 'invalid_invite' });
	}
	const user = locals.user;
	const currentRole = user ? ((await getRole(app.db, invite.workshopId, user.id)) ?? null) : null;
	const removed = user !== null && (await isRemoved(app.db, invite.workshopId, user.id));
	return {
		token: params.token,
		invite: { workshopId: invite.workshopId, title: invite.workshopTitle, role: invite.role },
		currentRole,
		removed: removed ? REMOVED_MESSAGE : null
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
				event.locals.user,
				clientIp(event)
			);
			if (joined.signed) setSessionCookie(event, joined.signed);
			workshopId = joined.workshopId;
		} catch (error) {
			return formFailure(error, values, event);
		}
		redirect(303, `/w/${workshopId}`);
	}
};

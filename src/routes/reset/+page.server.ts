import { requestPasswordReset } from '$server/delivery/password-reset.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request }) => {
		const values = await readForm(request);
		const app = await getApp();
		try {
			await requestPasswordReset(app.db, values, app.delivery.origin);
		} catch (error) {
			return formFailure(error, values);
		}
		app.delivery.wake();
		return { sent: true };
	}
};

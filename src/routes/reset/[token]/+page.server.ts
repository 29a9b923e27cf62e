import { redirect } from '@sveltejs/kit';
import { checkResetToken, resetPassword } from '$server/delivery/password-reset.ts';
import { AppError } from '$server/errors.ts';
import { getApp } from '$lib/server/app.ts';
import { formFailure, readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	try {
		await checkResetToken(app.db, params.token);
		return { valid: true, message: null };
	} catch (error) {
		if (error instanceof AppError) return { valid: false, message: error.message };
		throw error;
	}
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const values = await readForm(request);
		const app = await getApp();
		try {
			const { sessionIds } = await resetPassword(app.db, params.token, values);
			// A socket opened with a session it ended must not outlive the old password.
			for (const id of sessionIds) app.sync.endSession(id);
		} catch (error) {
			return formFailure(error, values);
		}
		redirect(303, '/login');
	}
};

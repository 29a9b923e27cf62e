import { error, redirect } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';
import { openRoom } from '$server/workshops.ts';
import { getApp } from '$lib/server/app.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = locals.user;
	if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	try {
		const view = await openRoom(await getApp(), user.id, params.id);
		return {
			workshop: {
				id: view.workshop.id,
				title: view.workshop.title,
				description: view.workshop.description
			},
			role: view.role,
			members: view.members.map((m) => ({
				id: m.userId,
				name: m.name,
				function: m.function,
				role: m.role
			})),
			people: view.members,
			me: { id: user.id, name: user.name, function: user.function }
		};
	} catch (e) {
		if (e instanceof AppError) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};

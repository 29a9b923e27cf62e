import type { App } from './app.ts';
import { createInvite, type InviteRole } from './db/invites.ts';
import {
	createWorkshop,
	getRole,
	getWorkshop,
	listMembers,
	type Member,
	type Role,
	type Workshop
} from './db/workshops.ts';
import { AppError } from './errors.ts';
import { optionalString, requireOneOf, requireString } from './validation.ts';

export const LIMITS = { title: 120, description: 2000 } as const;

export async function openWorkshop(
	app: App,
	userId: string,
	input: Record<string, unknown>
): Promise<Workshop> {
	const title = requireString(input, 'title', { max: LIMITS.title, label: 'Title' });
	const description = optionalString(input, 'description', {
		max: LIMITS.description,
		label: 'Description'
	});
	return createWorkshop(app.db, { title, description, userId });
}

export interface WorkshopView {
	workshop: Workshop;
	role: Role;
	members: Member[];
}

/** A workshop as one of its members sees it; a non-member learns only that it is not theirs. */
export async function viewWorkshop(app: App, userId: string, id: string): Promise<WorkshopView> {
	const workshop = await getWorkshop(app.db, id);
	const role = workshop && (await getRole(app.db, id, userId));
	if (!workshop) throw new AppError('not_found', 'No such workshop');
	if (!role) throw new AppError('forbidden', 'You are not a member of this workshop');
	return { workshop, role, members: await listMembers(app.db, id) };
}

export async function inviteTo(
	app: App,
	userId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<{ token: string; role: InviteRole }> {
	const { role: own } = await viewWorkshop(app, userId, workshopId);
	if (own !== 'facilitator') throw new AppError('forbidden', 'Only facilitators can invite people');
	const role = requireOneOf(input, 'role', ['participant', 'viewer'] as const, 'role');
	return { token: await createInvite(app.db, { workshopId, role, createdBy: userId }), role };
}

import type { Services } from './services.ts';
import { functionsHidden, readSettings } from '../src/lib/model/control.ts';
import { FUNCTIONS } from '../src/lib/model/functions.ts';
import {
	createInvite,
	listInvites,
	revokeInvite,
	type InviteLink,
	type InviteRole
} from './db/invites.ts';
import {
	addProxyMember,
	countFacilitators,
	createWorkshop,
	getRole,
	getWorkshop,
	listMembers,
	listRemovals,
	readmit,
	removeMember,
	ROLES,
	setRole,
	type Member,
	type Removal,
	type Role,
	type Workshop
} from './db/workshops.ts';
import { documentName } from './sync/documents.ts';
import { CloseCode } from './sync/protocol.ts';
import { AppError } from './errors.ts';
import { optionalString, requireOneOf, requireString } from './validation.ts';

export const LIMITS = { title: 120, description: 2000 } as const;

export async function openWorkshop(
	app: Pick<Services, 'db'>,
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
export async function viewWorkshop(
	app: Pick<Services, 'db'>,
	userId: string,
	id: string
): Promise<WorkshopView> {
	const workshop = await getWorkshop(app.db, id);
	const role = workshop && (await getRole(app.db, id, userId));
	if (!workshop) throw new AppError('not_found', 'No such workshop');
	if (!role) throw new AppError('forbidden', 'You are not a member of this workshop');
	return { workshop, role, members: await listMembers(app.db, id) };
}

/**
 * The workshop for its room and API: like viewWorkshop, but while the facilitator hides functions
 * ([F1]) only facilitators learn anyone's function; others get `function: ''` for everyone else.
 */
export async function openRoom(
	app: Pick<Services, 'db' | 'rooms'>,
	userId: string,
	id: string
): Promise<WorkshopView> {
	const view = await viewWorkshop(app, userId, id);
	if (view.role === 'facilitator') return view;
	const control = await app.rooms.acquire(documentName({ kind: 'control', workshopId: id }));
	let hidden: boolean;
	try {
		hidden = functionsHidden(readSettings(control.doc));
	} finally {
		await app.rooms.release(control);
	}
	if (!hidden) return view;
	return {
		...view,
		members: view.members.map((m) => (m.userId === userId ? m : { ...m, function: '' }))
	};
}

/** Longest an invite link may be set to last: 30 days. */
const MAX_INVITE_HOURS = 720;

/**
 * A new invite link, optionally expiring after `expiresInHours`. The token is returned once; only
 * its hash is kept, so the list of links cannot show it again.
 */
export async function inviteTo(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<{ id: string; token: string; role: InviteRole; expiresAt: Date | null }> {
	await requireFacilitator(app, userId, workshopId, 'can invite people');
	const role = requireOneOf(input, 'role', ['participant', 'viewer'] as const, 'role');
	let expiresAt: Date | null = null;
	if (input.expiresInHours !== undefined && input.expiresInHours !== null) {
		const hours = input.expiresInHours;
		if (
			typeof hours !== 'number' ||
			!Number.isInteger(hours) ||
			hours < 1 ||
			hours > MAX_INVITE_HOURS
		) {
			throw new AppError(
				'bad_request',
				`expiresInHours must be a whole number from 1 to ${MAX_INVITE_HOURS}`,
				'expiresInHours'
			);
		}
		expiresAt = new Date(Date.now() + hours * 3_600_000);
	}
	const { id, token } = await createInvite(app.db, {
		workshopId,
		role,
		createdBy: userId,
		expiresAt
	});
	return { id, token, role, expiresAt };
}

export async function invitesOf(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string
): Promise<InviteLink[]> {
	await requireFacilitator(app, userId, workshopId, 'can see invite links');
	return listInvites(app.db, workshopId);
}

/**
 * Revokes an invite link: nobody joins through it from now on. People who already joined stay
 * members (remove them to end their access).
 */
export async function revokeInviteLink(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string,
	inviteId: string
): Promise<void> {
	await requireFacilitator(app, userId, workshopId, 'can revoke invite links');
	if (!(await revokeInvite(app.db, workshopId, inviteId))) {
		throw new AppError('not_found', 'This workshop has no such invite link');
	}
}

/** The people removed from the workshop, whom no invite link lets back in ([M1]). */
export async function removalsOf(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string
): Promise<Removal[]> {
	await requireFacilitator(app, userId, workshopId, 'can see who was removed');
	return listRemovals(app.db, workshopId);
}

/** Lets a removed person back in: they may join again through an invite link. */
export async function readmitTo(
	app: Pick<Services, 'db'>,
	actorId: string,
	workshopId: string,
	targetId: string
): Promise<void> {
	await requireFacilitator(app, actorId, workshopId, 'can let people back in');
	if (!(await readmit(app.db, workshopId, targetId))) {
		throw new AppError('not_found', 'This person was not removed from the workshop');
	}
}

/** The workshop as a facilitator sees it; anyone else gets a 403 saying what only facilitators do. */
export async function requireFacilitator(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string,
	onlyFacilitators: string
): Promise<WorkshopView> {
	const view = await viewWorkshop(app, userId, workshopId);
	if (view.role !== 'facilitator') {
		throw new AppError('forbidden', `Only facilitators ${onlyFacilitators}`);
	}
	return view;
}

/**
 * Gives a member another role. Their open connections are closed at once (4100) so that their
 * clients reconnect with the new role's permissions. The last facilitator cannot step down.
 */
export async function changeRole(
	app: Pick<Services, 'db' | 'sync' | 'live'>,
	actorId: string,
	workshopId: string,
	targetId: string,
	input: Record<string, unknown>
): Promise<Role> {
	const view = await requireFacilitator(app, actorId, workshopId, 'can change who takes part');
	const role = requireOneOf(input, 'role', ROLES, 'role');
	const current = view.members.find((m) => m.userId === targetId);
	if (!current) throw new AppError('not_found', 'This person is not in the workshop');
	if (current.proxy && role !== 'participant') {
		throw new AppError('conflict', 'A proxy person always votes as a participant');
	}
	if (current.role === 'facilitator' && role !== 'facilitator') {
		if ((await countFacilitators(app.db, workshopId)) <= 1) {
			throw new AppError('conflict', 'A workshop needs a facilitator; make someone else one first');
		}
	}
	await setRole(app.db, workshopId, targetId, role);
	await app.live.membersChanged(workshopId);
	app.sync.revoke({ workshopId, userId: targetId, code: CloseCode.PermissionsChanged });
	return role;
}

/**
 * Removes a member; their open connections close at once (4410) and their access ends, also
 * through invite links, until a facilitator readmits them ([M1]).
 */
export async function removeFromWorkshop(
	app: Pick<Services, 'db' | 'sync' | 'live'>,
	actorId: string,
	workshopId: string,
	targetId: string
): Promise<void> {
	const view = await requireFacilitator(app, actorId, workshopId, 'can change who takes part');
	const target = view.members.find((m) => m.userId === targetId);
	if (!target) throw new AppError('not_found', 'This person is not in the workshop');
	if (target.role === 'facilitator' && (await countFacilitators(app.db, workshopId)) <= 1) {
		throw new AppError('conflict', 'The last facilitator cannot be removed');
	}
	await removeMember(app.db, workshopId, targetId, actorId);
	await app.live.membersChanged(workshopId);
	// A facilitator's connection to a removed proxy person's ballot closes too.
	app.sync.revoke({ workshopId, userId: targetId, ballot: true, code: CloseCode.AccessRevoked });
}

/**
 * Adds someone who is in the room without a device; facilitators enter their votes (their
 * ballot is open to facilitators only, [V10]).
 */
export async function addProxy(
	app: Pick<Services, 'db' | 'live'>,
	actorId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<Member> {
	await requireFacilitator(app, actorId, workshopId, 'can add people who vote by proxy');
	const name = requireString(input, 'name', { max: 80, label: 'Name' });
	const fn = requireOneOf(input, 'function', FUNCTIONS, 'Function');
	const member = await addProxyMember(app.db, workshopId, { name, function: fn });
	await app.live.membersChanged(workshopId);
	return member;
}

/** A facilitator's timer action (start, pause, resume, extend, stop), run on the server's clock. */
export async function controlTimer(
	app: Pick<Services, 'db' | 'live'>,
	actorId: string,
	workshopId: string,
	input: Record<string, unknown>
) {
	await requireFacilitator(app, actorId, workshopId, 'run the timer');
	const action = requireOneOf(
		input,
		'action',
		['start', 'pause', 'resume', 'extend', 'stop'] as const,
		'action'
	);
	const seconds = () => {
		const value = input.seconds;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4 * 3600) {
			throw new AppError(
				'bad_request',
				'seconds must be a whole number from 1 to 14400',
				'seconds'
			);
		}
		return value;
	};
	if (input.autoLock !== undefined && typeof input.autoLock !== 'boolean') {
		throw new AppError('bad_request', 'autoLock must be true or false', 'autoLock');
	}
	const command =
		action === 'start'
			? { action, seconds: seconds(), autoLock: input.autoLock as boolean | undefined }
			: action === 'extend'
				? { action, seconds: seconds() }
				: { action };
	return app.live.timer(workshopId, command);
}

import type { Member, Role } from '../../src/lib/model/members.ts';
import type { Database, Queryable } from './connection.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';

// Roles and members are shared with the browser, which may not import server/.
export { ROLES, type Member, type Role } from '../../src/lib/model/members.ts';

export interface Workshop {
	id: string;
	title: string;
	description: string;
	createdBy: string;
	createdAt: Date;
}

export interface WorkshopSummary extends Workshop {
	role: Role;
	members: number;
}

interface WorkshopRow {
	id: string;
	title: string;
	description: string;
	created_by: string;
	created_at: Date;
}

function toWorkshop(row: WorkshopRow): Workshop {
	return {
		id: row.id,
		title: row.title,
		description: row.description,
		createdBy: row.created_by,
		createdAt: new Date(row.created_at)
	};
}

/** Creates a workshop with its creator as facilitator. */
export async function createWorkshop(
	db: Database,
	input: { title: string; description: string; userId: string }
): Promise<Workshop> {
	const id = newId();
	return db.transaction(async (tx) => {
		const rows = await tx.query<WorkshopRow>(sql`
			insert into workshops (id, title, description, created_by)
			values (${id}, ${input.title}, ${input.description}, ${input.userId})
			returning id, title, description, created_by, created_at`);
		await tx.query(
			sql`insert into memberships (workshop_id, user_id, role) values (${id}, ${input.userId}, 'facilitator')`
		);
		return toWorkshop(rows[0]);
	});
}

export async function getWorkshop(db: Queryable, id: string): Promise<Workshop | undefined> {
	const rows = await db.query<WorkshopRow>(
		sql`select id, title, description, created_by, created_at from workshops where id = ${id}`
	);
	return rows[0] && toWorkshop(rows[0]);
}

export async function listWorkshopsFor(db: Queryable, userId: string): Promise<WorkshopSummary[]> {
	const rows = await db.query<WorkshopRow & { role: Role; members: number }>(sql`
		select w.id, w.title, w.description, w.created_by, w.created_at, m.role,
			(select count(*)::int from memberships x where x.workshop_id = w.id) as members
		from memberships m join workshops w on w.id = m.workshop_id
		where m.user_id = ${userId}
		order by w.created_at desc`);
	return rows.map((row) => ({ ...toWorkshop(row), role: row.role, members: row.members }));
}

export async function getRole(
	db: Queryable,
	workshopId: string,
	userId: string
): Promise<Role | undefined> {
	const rows = await db.query<{ role: Role }>(
		sql`select role from memberships where workshop_id = ${workshopId} and user_id = ${userId}`
	);
	return rows[0]?.role;
}

export async function listMembers(db: Queryable, workshopId: string): Promise<Member[]> {
	const rows = await db.query<{
		user_id: string;
		name: string;
		function: string;
		role: Role;
		is_guest: boolean;
		proxy: boolean;
	}>(sql`
		select m.user_id, u.name, u.function, m.role, u.is_guest, m.proxy
		from memberships m join users u on u.id = m.user_id
		where m.workshop_id = ${workshopId}
		order by m.joined_at`);
	return rows.map((r) => ({
		userId: r.user_id,
		name: r.name,
		function: r.function,
		role: r.role,
		isGuest: r.is_guest,
		proxy: r.proxy
	}));
}

/**
 * Adds a proxy member: a user row that can never sign in (no email, no password, no session),
 * who votes as a participant through a facilitator.
 */
export async function addProxyMember(
	db: Database,
	workshopId: string,
	person: { name: string; function: string }
): Promise<Member> {
	const userId = newId();
	await db.transaction(async (tx) => {
		await tx.query(sql`
			insert into users (id, email, name, function, password_hash, is_guest)
			values (${userId}, null, ${person.name}, ${person.function}, null, true)`);
		await tx.query(sql`
			insert into memberships (workshop_id, user_id, role, proxy)
			values (${workshopId}, ${userId}, 'participant', true)`);
	});
	return { userId, ...person, role: 'participant', isGuest: true, proxy: true };
}

/** Whether a user is a proxy member of the workshop (whose ballot facilitators write). */
export async function isProxyMember(
	db: Queryable,
	workshopId: string,
	userId: string
): Promise<boolean> {
	const rows = await db.query(sql`
		select 1 from memberships
		where workshop_id = ${workshopId} and user_id = ${userId} and proxy`);
	return rows.length > 0;
}

/**
 * Adds a member with a role, or leaves an existing member exactly as they are: following an invite
 * link never changes a role, up (a demoted viewer re-opening a participant link) or down (a
 * facilitator opening a viewer link). Only a facilitator changes roles. Returns the member's role.
 */
export async function addMember(
	db: Queryable,
	workshopId: string,
	userId: string,
	role: Role
): Promise<Role> {
	const inserted = await db.query<{ role: Role }>(sql`
		insert into memberships (workshop_id, user_id, role) values (${workshopId}, ${userId}, ${role})
		on conflict (workshop_id, user_id) do nothing
		returning role`);
	return inserted[0]?.role ?? (await getRole(db, workshopId, userId))!;
}

export async function setRole(
	db: Queryable,
	workshopId: string,
	userId: string,
	role: Role
): Promise<boolean> {
	const rows = await db.query(sql`
		update memberships set role = ${role}
		where workshop_id = ${workshopId} and user_id = ${userId} returning 1`);
	return rows.length > 0;
}

/**
 * Removes a member. Someone with an account is also recorded as removed, so that an invite link
 * they still have does not bring them back until a facilitator readmits them.
 */
export async function removeMember(
	db: Database,
	workshopId: string,
	userId: string,
	removedBy: string
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const rows = await tx.query<{ proxy: boolean }>(sql`
			delete from memberships where workshop_id = ${workshopId} and user_id = ${userId}
			returning proxy`);
		if (!rows[0]) return false;
		// A proxy person exists only inside this one workshop.
		if (rows[0].proxy) await tx.query(sql`delete from users where id = ${userId}`);
		else
			await tx.query(sql`
				insert into workshop_removals (workshop_id, user_id, removed_by)
				values (${workshopId}, ${userId}, ${removedBy})
				on conflict (workshop_id, user_id) do update
					set removed_by = excluded.removed_by, removed_at = now()`);
		return true;
	});
}

export async function isRemoved(
	db: Queryable,
	workshopId: string,
	userId: string
): Promise<boolean> {
	const rows = await db.query(sql`
		select 1 from workshop_removals where workshop_id = ${workshopId} and user_id = ${userId}`);
	return rows.length > 0;
}

export interface Removal {
	userId: string;
	name: string;
	function: string;
	isGuest: boolean;
	removedAt: Date;
	removedByName: string | null;
}

/** The people removed from a workshop and not let back in, most recent first. */
export async function listRemovals(db: Queryable, workshopId: string): Promise<Removal[]> {
	const rows = await db.query<{
		user_id: string;
		name: string;
		function: string;
		is_guest: boolean;
		removed_at: Date;
		removed_by_name: string | null;
	}>(sql`
		select r.user_id, u.name, u.function, u.is_guest, r.removed_at, b.name as removed_by_name
		from workshop_removals r
			join users u on u.id = r.user_id
			left join users b on b.id = r.removed_by
		where r.workshop_id = ${workshopId}
		order by r.removed_at desc, r.user_id`);
	return rows.map((r) => ({
		userId: r.user_id,
		name: r.name,
		function: r.function,
		isGuest: r.is_guest,
		removedAt: new Date(r.removed_at),
		removedByName: r.removed_by_name
	}));
}

/** Lets a removed person join again through an invite link; false if they were not removed. */
export async function readmit(db: Queryable, workshopId: string, userId: string): Promise<boolean> {
	const rows = await db.query(sql`
		delete from workshop_removals where workshop_id = ${workshopId} and user_id = ${userId}
		returning 1`);
	return rows.length > 0;
}

export async function countFacilitators(db: Queryable, workshopId: string): Promise<number> {
	const rows = await db.query<{ n: number }>(sql`
		select count(*)::int as n from memberships where workshop_id = ${workshopId} and role = 'facilitator'`);
	return rows[0].n;
}

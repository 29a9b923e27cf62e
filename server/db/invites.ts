import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Queryable } from './connection.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';

export type InviteRole = 'participant' | 'viewer';

function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Creates an invite link token (160 random bits); only its hash is stored. */
export async function createInvite(
	db: Queryable,
	input: { workshopId: string; role: InviteRole; createdBy: string; expiresAt: Date | null }
): Promise<{ id: string; token: string }> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const id = newId();
	await db.query(sql`
		insert into invites (id, token_hash, workshop_id, role, created_by, expires_at)
		values (${id}, ${hashToken(token)}, ${input.workshopId}, ${input.role}, ${input.createdBy},
			${input.expiresAt})`);
	return { id, token };
}

/** Why a link still works or not; only `active` links let anyone join. */
export type InviteStatus = 'active' | 'revoked' | 'expired';

export interface Invite {
	id: string;
	workshopId: string;
	workshopTitle: string;
	role: InviteRole;
	status: InviteStatus;
}

/** The invite a token names, revoked and expired ones included (so the page can say which). */
export async function findInvite(db: Queryable, token: string): Promise<Invite | undefined> {
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	const rows = await db.query<{
		id: string;
		workshop_id: string;
		title: string;
		role: InviteRole;
		status: InviteStatus;
	}>(sql`
		select i.id, i.workshop_id, w.title, i.role,
			case when i.revoked_at is not null then 'revoked'
				when i.expires_at <= now() then 'expired'
				else 'active' end as status
		from invites i join workshops w on w.id = i.workshop_id
		where i.token_hash = ${hashToken(token)}`);
	const row = rows[0];
	return (
		row && {
			id: row.id,
			workshopId: row.workshop_id,
			workshopTitle: row.title,
			role: row.role,
			status: row.status
		}
	);
}

export interface InviteLink {
	id: string;
	role: InviteRole;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: Date;
	expiresAt: Date | null;
	revokedAt: Date | null;
	status: InviteStatus;
}

/** A workshop's invite links, newest first (their tokens are not stored, so not listed). */
export async function listInvites(db: Queryable, workshopId: string): Promise<InviteLink[]> {
	const rows = await db.query<{
		id: string;
		role: InviteRole;
		created_by: string;
		name: string | null;
		created_at: Date;
		expires_at: Date | null;
		revoked_at: Date | null;
		status: InviteStatus;
	}>(sql`
		select i.id, i.role, i.created_by, u.name, i.created_at, i.expires_at, i.revoked_at,
			case when i.revoked_at is not null then 'revoked'
				when i.expires_at <= now() then 'expired'
				else 'active' end as status
		from invites i left join users u on u.id = i.created_by
		where i.workshop_id = ${workshopId}
		order by i.created_at desc, i.id`);
	const date = (value: Date | null) => (value === null ? null : new Date(value));
	return rows.map((r) => ({
		id: r.id,
		role: r.role,
		createdBy: r.created_by,
		createdByName: r.name,
		createdAt: new Date(r.created_at),
		expiresAt: date(r.expires_at),
		revokedAt: date(r.revoked_at),
		status: r.status
	}));
}

/** Revokes one of a workshop's links; false when the workshop has no such link. */
export async function revokeInvite(
	db: Queryable,
	workshopId: string,
	inviteId: string
): Promise<boolean> {
	const rows = await db.query(sql`
		update invites set revoked_at = coalesce(revoked_at, now())
		where id = ${inviteId} and workshop_id = ${workshopId} returning 1`);
	return rows.length > 0;
}

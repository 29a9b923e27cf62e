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
	input: { workshopId: string; role: InviteRole; createdBy: string }
): Promise<string> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	await db.query(sql`
		insert into invites (id, token_hash, workshop_id, role, created_by)
		values (${newId()}, ${hashToken(token)}, ${input.workshopId}, ${input.role}, ${input.createdBy})`);
	return token;
}

export interface Invite {
	workshopId: string;
	workshopTitle: string;
	role: InviteRole;
}

/** The workshop and role an unrevoked invite token grants, if any. */
export async function findInvite(db: Queryable, token: string): Promise<Invite | undefined> {
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	const rows = await db.query<{ workshop_id: string; title: string; role: InviteRole }>(sql`
		select i.workshop_id, w.title, i.role
		from invites i join workshops w on w.id = i.workshop_id
		where i.token_hash = ${hashToken(token)} and i.revoked_at is null`);
	const row = rows[0];
	return row && { workshopId: row.workshop_id, workshopTitle: row.title, role: row.role };
}

import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Queryable } from './connection.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';

export interface ShareLink {
	id: string;
	workshopId: string;
	label: string;
	createdAt: Date;
	expiresAt: Date | null;
	revokedAt: Date | null;
}

const TOKEN = /^[a-z2-7]{32}$/;

function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

interface Row {
	id: string;
	workshop_id: string;
	label: string;
	created_at: Date;
	expires_at: Date | null;
	revoked_at: Date | null;
}

function toLink(row: Row): ShareLink {
	return {
		id: row.id,
		workshopId: row.workshop_id,
		label: row.label,
		createdAt: new Date(row.created_at),
		expiresAt: row.expires_at && new Date(row.expires_at),
		revokedAt: row.revoked_at && new Date(row.revoked_at)
	};
}

/** A new read-only link; the token (160 random bits) is returned once and only its hash kept. */
export async function createShareLink(
	db: Queryable,
	input: { workshopId: string; label: string; createdBy: string; expiresAt: Date | null }
): Promise<{ token: string; link: ShareLink }> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const rows = await db.query<Row>(sql`
		insert into share_links (id, token_hash, workshop_id, label, created_by, expires_at)
		values (${newId()}, ${hashToken(token)}, ${input.workshopId}, ${input.label}, ${input.createdBy}, ${input.expiresAt})
		returning id, workshop_id, label, created_at, expires_at, revoked_at`);
	return { token, link: toLink(rows[0]) };
}

export type ShareLinkState =
	{ ok: true; link: ShareLink } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

/** What a token grants: its link if it is valid now, or why not. */
export async function findShareLink(
	db: Queryable,
	token: string,
	now = new Date()
): Promise<ShareLinkState> {
	if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
	const rows = await db.query<Row>(sql`
		select id, workshop_id, label, created_at, expires_at, revoked_at
		from share_links where token_hash = ${hashToken(token)}`);
	if (!rows[0]) return { ok: false, reason: 'unknown' };
	const link = toLink(rows[0]);
	if (link.revokedAt) return { ok: false, reason: 'revoked' };
	if (link.expiresAt && link.expiresAt <= now) return { ok: false, reason: 'expired' };
	return { ok: true, link };
}

export async function listShareLinks(db: Queryable, workshopId: string): Promise<ShareLink[]> {
	const rows = await db.query<Row>(sql`
		select id, workshop_id, label, created_at, expires_at, revoked_at
		from share_links where workshop_id = ${workshopId} order by created_at desc`);
	return rows.map(toLink);
}

export async function revokeShareLink(
	db: Queryable,
	workshopId: string,
	linkId: string
): Promise<boolean> {
	const rows = await db.query(sql`
		update share_links set revoked_at = now()
		where workshop_id = ${workshopId} and id = ${linkId} and revoked_at is null returning 1`);
	return rows.length > 0;
}

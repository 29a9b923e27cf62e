import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireString } from '../validation.ts';
import { requireProduct, type Actor } from './access.ts';

export interface ApiKey {
	id: string;
	label: string;
	/** The key's first characters, to tell keys apart; the key itself is shown once. */
	prefix: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
}

const PREFIX = 'cvg_';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

interface KeyRow {
	id: string;
	label: string;
	prefix: string;
	created_at: Date;
	last_used_at: Date | null;
	revoked_at: Date | null;
}

const toKey = (r: KeyRow): ApiKey => ({
	id: r.id,
	label: r.label,
	prefix: r.prefix,
	createdAt: new Date(r.created_at),
	lastUsedAt: r.last_used_at && new Date(r.last_used_at),
	revokedAt: r.revoked_at && new Date(r.revoked_at)
});

/** Makes a key for the product; the returned `key` is the only time anyone sees it. */
export async function createApiKey(
	db: Queryable,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
): Promise<ApiKey & { key: string }> {
	const access = await requireProduct(db, actor, productId, 'owner');
	const label = requireString(input, 'label', { max: 80, label: 'Label' });
	const secret = new Uint8Array(20);
	crypto.getRandomValues(secret);
	const key = PREFIX + encodeBase32LowerCaseNoPadding(secret);
	const rows = await db.query<KeyRow>(sql`
		insert into api_keys (id, product_id, label, key_hash, prefix, created_by)
		values (${newId()}, ${productId}, ${label}, ${hash(key)}, ${key.slice(0, 10)}, ${access.userId})
		returning id, label, prefix, created_at, last_used_at, revoked_at`);
	return { ...toKey(rows[0]), key };
}

export async function listApiKeys(
	db: Queryable,
	actor: Actor,
	productId: string
): Promise<ApiKey[]> {
	await requireProduct(db, actor, productId, 'owner');
	const rows = await db.query<KeyRow>(sql`
		select id, label, prefix, created_at, last_used_at, revoked_at from api_keys
		where product_id = ${productId} order by created_at desc, id`);
	return rows.map(toKey);
}

/** Revokes a key at once: its next request gets 401. */
export async function revokeApiKey(
	db: Queryable,
	actor: Actor,
	productId: string,
	keyId: string
): Promise<void> {
	await requireProduct(db, actor, productId, 'owner');
	const rows = await db.query(sql`
		update api_keys set revoked_at = coalesce(revoked_at, now())
		where id = ${keyId} and product_id = ${productId} returning id`);
	if (!rows[0]) throw new AppError('not_found', 'No such API key');
}

/**
 * The actor behind an `Authorization: Bearer <key>` header; a wrong, unknown or revoked key is
 * 401. The key is looked up by its SHA-256, so the stored hashes are useless to a thief.
 */
async function actorForApiKey(db: Queryable, key: string): Promise<Actor> {
	if (!key.startsWith(PREFIX) || key.length > 100) {
		throw new AppError('unauthorized', 'This API key is not valid');
	}
	const rows = await db.query<{ id: string; product_id: string }>(sql`
		update api_keys set last_used_at = now()
		where key_hash = ${hash(key)} and revoked_at is null
		returning id, product_id`);
	if (!rows[0]) throw new AppError('unauthorized', 'This API key is not valid or was revoked');
	return { kind: 'key', keyId: rows[0].id, productId: rows[0].product_id };
}

/**
 * The actor of an API request: an `Authorization: Bearer` key when the header is there (a bad key
 * is 401 even with a session cookie, so a script never acts as whoever's browser it runs in),
 * else the signed-in user, else 401.
 */
export async function requestActor(
	db: Queryable,
	authorization: string | null,
	userId: string | null
): Promise<Actor> {
	if (authorization) {
		const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
		if (!match) throw new AppError('unauthorized', 'Authorization must be "Bearer <API key>"');
		return actorForApiKey(db, match[1]);
	}
	if (!userId) throw new AppError('unauthorized', 'Sign in first, or send an API key');
	return { kind: 'user', userId };
}

import type { Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireProduct, type Actor } from '../feedback/access.ts';
import { readEmail } from '../feedback/people.ts';
import {
	HONEYPOT_FIELD,
	portalProduct,
	throttle,
	type PortalThrottles
} from '../feedback/portal.ts';

/**
 * People who follow an idea without leaving feedback on it (the `idea_subscribers` table): they get
 * the status emails like its requesters and voters, one per person ([DL2]). Stored lowercase, on
 * the idea a merged idea was merged into, so a merge never splits them.
 */

export interface Subscriber {
	email: string;
	createdAt: Date;
}

/** The idea itself, or the one it was merged into; 404 when it is not the product's. */
async function targetIdea(db: Queryable, productId: string, ideaId: string, publicOnly = false) {
	const rows = await db.query<{ id: string; merged_into: string | null }>(sql`
		select id, merged_into from ideas
		where id = ${ideaId} and product_id = ${productId} ${publicOnly ? sql`and public` : sql``}`);
	if (!rows[0]) throw new AppError('not_found', 'No such idea');
	return rows[0].merged_into ?? rows[0].id;
}

async function subscribe(db: Queryable, ideaId: string, email: string): Promise<boolean> {
	const rows = await db.query(sql`
		insert into idea_subscribers (idea_id, email) values (${ideaId}, ${email.toLowerCase()})
		on conflict do nothing returning idea_id`);
	return rows.length > 0;
}

/**
 * `{email}` from the portal: follows a public idea (again: `created: false`, nothing new). Limited
 * per IP and per email like votes; a filled honeypot is accepted and dropped. An address that
 * unsubscribed from the product stays unsubscribed: following does not undo it for someone else.
 */
export async function portalSubscribe(
	db: Queryable,
	throttles: PortalThrottles,
	slug: string,
	ideaId: string,
	input: Record<string, unknown>,
	context: { ip: string }
): Promise<{ created: boolean }> {
	const product = await portalProduct(db, slug);
	const email = readEmail(input.email);
	const target = await targetIdea(db, product.id, ideaId, true);
	if (typeof input[HONEYPOT_FIELD] === 'string' && input[HONEYPOT_FIELD] !== '') {
		return { created: true };
	}
	throttle(throttles, context.ip, email);
	return { created: await subscribe(db, target, email) };
}

/** The idea's subscribers, oldest first (members and the product's API keys). */
export async function listSubscribers(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string
): Promise<Subscriber[]> {
	await requireProduct(db, actor, productId);
	const target = await targetIdea(db, productId, ideaId);
	const rows = await db.query<{ email: string; created_at: string | Date }>(sql`
		select email, created_at from idea_subscribers where idea_id = ${target}
		order by created_at, email`);
	return rows.map((r) => ({ email: r.email, createdAt: new Date(r.created_at) }));
}

/** `{email}`: the team adds a follower (a customer who asked by phone); again changes nothing. */
export async function addSubscriber(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string,
	input: Record<string, unknown>
): Promise<{ created: boolean }> {
	await requireProduct(db, actor, productId);
	const email = readEmail(input.email);
	const target = await targetIdea(db, productId, ideaId);
	return { created: await subscribe(db, target, email) };
}

/** Stops following; removing someone who does not follow is 404. */
export async function removeSubscriber(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string,
	email: string
): Promise<void> {
	await requireProduct(db, actor, productId);
	const target = await targetIdea(db, productId, ideaId);
	const rows = await db.query(sql`
		delete from idea_subscribers where idea_id = ${target} and email = ${email.trim().toLowerCase()}
		returning email`);
	if (!rows[0]) throw new AppError('not_found', 'Nobody with this email follows the idea');
}

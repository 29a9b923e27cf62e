import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireProduct, userActor } from '../feedback/access.ts';
import { readEmail } from '../feedback/people.ts';
import type { Services } from '../services.ts';
import { inviteTo, requireFacilitator } from '../workshops.ts';
import { requireOneOf } from '../validation.ts';
import { noticeEmail } from './email.ts';
import { queueEmail } from './outbox.ts';

/**
 * Invitations by email (issue 15): a facilitator sends a workshop's invite link, an owner a
 * product's, to an address they type. The email goes through the outbox like every other, so it
 * survives a crash and shows on the Sent mail page when no SMTP server is configured.
 */

/** A product invitation link works this long, once. */
const PRODUCT_INVITE_MS = 7 * 24 * 60 * 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

async function nameOf(db: Queryable, userId: string): Promise<string> {
	const [row] = await db.query<{ name: string }>(sql`select name from users where id = ${userId}`);
	return row?.name ?? 'Someone';
}

/**
 * `{email, role}` (participant or viewer): a new invite link of the workshop, mailed to the
 * address, expiring after a week unless `expiresInHours` says otherwise. Facilitators only.
 */
export async function emailWorkshopInvite(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string,
	input: Record<string, unknown>,
	origin: string
): Promise<{ id: string; email: string; role: string; queued: boolean }> {
	await requireFacilitator(app, userId, workshopId, 'can invite people');
	const email = readEmail(input.email).toLowerCase();
	const invite = await inviteTo(app, userId, workshopId, {
		role: input.role ?? 'participant',
		expiresInHours: input.expiresInHours ?? 7 * 24
	});
	const [workshop] = await app.db.query<{ title: string; product_id: string | null }>(
		sql`select title, product_id from workshops where id = ${workshopId}`
	);
	const from = await nameOf(app.db, userId);
	const queued = await queueEmail(
		app.db,
		noticeEmail(
			email,
			`${from} invites you to the workshop “${workshop.title}”`,
			[
				`${from} invites you to “${workshop.title}”, a prioritization workshop on Converge, as a ${invite.role}.`,
				'Open the link to join: you can use an account or just a name.'
			],
			{ href: `${origin}/join/${invite.token}`, label: 'Join the workshop' }
		),
		workshop.product_id
	);
	return { id: invite.id, email, role: invite.role, queued };
}

/**
 * `{email, role}` (member or owner): a single-use link to join the product, mailed to the
 * address; only the SHA-256 of its token is kept. Owners only.
 */
export async function emailProductInvite(
	db: Queryable,
	userId: string,
	productId: string,
	input: Record<string, unknown>,
	origin: string
): Promise<{ id: string; email: string; role: string; queued: boolean }> {
	await requireProduct(db, userActor(userId), productId, 'owner');
	const email = readEmail(input.email).toLowerCase();
	const role =
		input.role === undefined ? 'member' : requireOneOf(input, 'role', ['owner', 'member']);
	const token = randomBytes(32).toString('base64url');
	const id = newId();
	await db.query(sql`
		insert into product_invites (id, token_hash, product_id, email, role, created_by, expires_at)
		values (${id}, ${hash(token)}, ${productId}, ${email}, ${role}, ${userId},
			${new Date(Date.now() + PRODUCT_INVITE_MS)})`);
	const [product] = await db.query<{ name: string }>(
		sql`select name from products where id = ${productId}`
	);
	const from = await nameOf(db, userId);
	const queued = await queueEmail(
		db,
		noticeEmail(
			email,
			`${from} invites you to ${product.name} on Converge`,
			[
				`${from} invites you to join the team of ${product.name} on Converge, as ${role === 'owner' ? 'an owner' : 'a member'}: its feedback, its backlog and its workshops.`,
				'The link works once, within 7 days. Sign in or create an account when you open it.'
			],
			{ href: `${origin}/product-invite/${token}`, label: `Join ${product.name}` }
		),
		productId
	);
	return { id, email, role, queued };
}

export interface ProductInviteView {
	productName: string;
	role: string;
	email: string;
}

const INVALID = 'This invitation is not valid any more; ask for a new one';

/** What the link invites to, while it works. */
export async function readProductInvite(db: Queryable, token: string): Promise<ProductInviteView> {
	const [row] = await db.query<{ name: string; role: string; email: string }>(sql`
		select p.name, i.role, i.email from product_invites i join products p on p.id = i.product_id
		where i.token_hash = ${hash(token)} and i.accepted_at is null and i.expires_at > now()`);
	if (!row) throw new AppError('not_found', INVALID);
	return { productName: row.name, role: row.role, email: row.email };
}

/**
 * Uses the link up and makes the signed-in person a member (or owner) of the product; someone
 * already in it keeps the higher role. Returns the product's slug.
 */
export async function acceptProductInvite(
	db: Database,
	userId: string,
	token: string
): Promise<{ productId: string; slug: string }> {
	return db.transaction(async (tx) => {
		const [invite] = await tx.query<{ product_id: string; role: string }>(sql`
			update product_invites set accepted_at = now(), accepted_by = ${userId}
			where token_hash = ${hash(token)} and accepted_at is null and expires_at > now()
			returning product_id, role`);
		if (!invite) throw new AppError('not_found', INVALID);
		await tx.query(sql`
			insert into product_members (product_id, user_id, role)
			values (${invite.product_id}, ${userId}, ${invite.role})
			on conflict (product_id, user_id) do update
				set role = case when product_members.role = 'owner' then 'owner' else excluded.role end`);
		const [product] = await tx.query<{ slug: string }>(
			sql`select slug from products where id = ${invite.product_id}`
		);
		return { productId: invite.product_id, slug: product.slug };
	});
}

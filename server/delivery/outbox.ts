import type { Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { MAILABLE, type Email } from './email.ts';

/** Webhook event types an endpoint can subscribe to. */
export type EventType =
	'feedback.created' | 'idea.status_changed' | 'idea.merged' | 'workshop.decided';
export const EVENT_TYPES: readonly EventType[] = [
	'feedback.created',
	'idea.status_changed',
	'idea.merged',
	'workshop.decided'
];

/** Ids made inside one INSERT … SELECT for thousands of rows at once; unique, not secret. */
export const sqlId = sql`substr(md5(random()::text || clock_timestamp()::text), 1, 20)`;

/** Who a status email goes to: the people who asked for the idea, and its opted-in scorers. */
export interface Audience {
	customers: boolean;
	scorers: boolean;
}

/**
 * Queues the status email for every person who asked for the idea, in the caller's transaction:
 * requesters of feedback linked to it or to an idea merged into it, its portal voters and its
 * subscribers (the customers), and the people who scored it in a workshop and chose email (the
 * scorers), one row per lowercased address however many ways they are linked. Addresses that are
 * not addresses are flagged 'invalid' and skipped; unsubscribed (from this product) and
 * undeliverable ones are skipped. Returns how many emails were queued. One INSERT … SELECT, so
 * 10,000 people take one statement.
 */
export async function queueStatusEmails(
	tx: Queryable,
	productId: string,
	ideaId: string,
	changeId: string,
	audience: Audience = { customers: true, scorers: false }
): Promise<number> {
	if (!audience.customers && !audience.scorers) return 0;
	const family = sql`select id from ideas where id = ${ideaId} or merged_into = ${ideaId}`;
	const customers = sql`
		select lower(trim(r.email)) as email from feedback f join requesters r on r.id = f.requester_id
		where f.idea_id in (${family}) and r.email is not null
		union
		select lower(trim(r.email)) from idea_votes v join requesters r on r.id = v.requester_id
		where v.idea_id in (${family}) and r.email is not null
		union
		select lower(trim(s.email)) from idea_subscribers s where s.idea_id in (${family})`;
	const scorers = sql`
		select lower(trim(u.email)) as email from idea_scorers s join users u on u.id = s.user_id
		where s.idea_id in (${family}) and u.notify_by_email and u.email is not null`;
	const people =
		audience.customers && audience.scorers
			? sql`${customers} union ${scorers}`
			: audience.customers
				? customers
				: scorers;
	await tx.query(sql`
		insert into email_addresses (email, state, reason)
		select email, 'invalid', 'not an email address' from (${people}) p
		where email !~ ${MAILABLE}
		on conflict (email) do nothing`);
	const rows = await tx.query<{ n: number }>(sql`
		with queued as (
			insert into outbox (id, kind, product_id, template, recipient, ref)
			select ${sqlId}, 'email', ${productId}, 'idea_status', p.email, ${changeId}
			from (${people}) p
			where p.email ~ ${MAILABLE}
				and not exists (select 1 from unsubscribes u where u.product_id = ${productId} and u.email = p.email)
				and not exists (select 1 from email_addresses a where a.email = p.email)
			returning 1)
		select count(*)::int as n from queued`);
	return rows[0].n;
}

/** Queues an email already written (account and team notices), unless the address is unusable. */
export async function queueEmail(
	tx: Queryable,
	email: Email,
	productId: string | null = null
): Promise<boolean> {
	const rows = await tx.query(sql`
		insert into outbox (id, kind, product_id, template, recipient, subject, body_text, body_html, payload)
		select ${newId()}, 'email', ${productId}, 'notice', ${email.to}, ${email.subject}, ${email.text},
			${email.html}, ${JSON.stringify({ headers: email.headers })}
		where ${email.to} ~ ${MAILABLE}
			and not exists (select 1 from email_addresses a where a.email = lower(${email.to}))
		returning id`);
	return rows.length > 0;
}

/**
 * Queues an event for every enabled endpoint of the product that subscribed to its type, in the
 * caller's transaction. Each endpoint's delivery gets its own webhook-id, kept for every retry.
 */
export async function queueEvent(
	tx: Queryable,
	productId: string,
	type: EventType,
	data: Record<string, unknown>
): Promise<number> {
	const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
	const rows = await tx.query(sql`
		insert into outbox (id, kind, product_id, endpoint_id, message_id, payload)
		select ${sqlId}, 'webhook', ${productId}, e.id, 'msg_' || ${sqlId}, ${body}
		from webhook_endpoints e
		where e.product_id = ${productId} and e.disabled_at is null and ${type} = any (e.event_types)
		returning id`);
	return rows.length;
}

export interface MailItem {
	id: string;
	productName: string | null;
	to: string;
	subject: string | null;
	text: string | null;
	state: string;
	createdAt: Date;
	sentAt: Date | null;
}

/**
 * The latest emails of the products the person is a member of, sent or kept: with no SMTP server
 * configured this page is where mail goes, so nothing is silently dropped.
 */
export async function listProductMail(
	db: Queryable,
	userId: string,
	limit = 100
): Promise<MailItem[]> {
	const rows = await db.query(sql`
		select o.id, p.name as product_name, o.recipient, o.subject, o.body_text, o.state,
			o.created_at, o.sent_at
		from outbox o join products p on p.id = o.product_id
		join product_members m on m.product_id = o.product_id and m.user_id = ${userId}
		where o.kind = 'email'
		order by o.created_at desc, o.id limit ${limit}`);
	return rows.map((r) => ({
		id: r.id,
		productName: r.product_name,
		to: r.recipient,
		subject: r.subject,
		text: r.body_text,
		state: r.state,
		createdAt: new Date(r.created_at),
		sentAt: r.sent_at ? new Date(r.sent_at) : null
	}));
}

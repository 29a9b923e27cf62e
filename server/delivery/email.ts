import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { STATUS_LABELS, type IdeaStatus } from '../../src/lib/model/idea-status.ts';

/** What the mailer sends: both parts, and the headers a bulk message must carry. */
export interface Email {
	to: string;
	subject: string;
	text: string;
	html: string;
	headers: Record<string, string>;
}

/** Mailed only when it looks like an address; anything else is kept and flagged 'invalid'. */
export const MAILABLE = '^[^@\\s<>",;]+@[^@\\s<>",;]+\\.[^@\\s<>",;]+$';

const escape = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/** The product's secret unsubscribe links are signed with, made on first use. */
export async function productSecret(db: Queryable, productId: string): Promise<string> {
	await db.query(sql`
		insert into product_delivery (product_id, secret)
		values (${productId}, ${randomBytes(32).toString('base64url')})
		on conflict (product_id) do nothing`);
	const [row] = await db.query<{ secret: string }>(
		sql`select secret from product_delivery where product_id = ${productId}`
	);
	return row.secret;
}

const sign = (secret: string, text: string) =>
	createHmac('sha256', secret).update(text).digest('base64url').slice(0, 32);

/**
 * An unsubscribe token: `<product>.<email, base64url>.<HMAC>`. It works without signing in and
 * never expires; only someone holding the email (or the secret) can make one.
 */
export function unsubscribeToken(secret: string, productId: string, email: string): string {
	const body = `${productId}.${Buffer.from(email).toString('base64url')}`;
	return `${body}.${sign(secret, body)}`;
}

/** The product and address a token is for; a forged or damaged token is 404. */
export async function readUnsubscribeToken(
	db: Queryable,
	token: string
): Promise<{ productId: string; productName: string; email: string }> {
	const parts = token.split('.');
	const invalid = new AppError('not_found', 'This unsubscribe link is not valid');
	if (parts.length !== 3) throw invalid;
	const [productId, encoded, mac] = parts;
	const rows = await db.query<{ secret: string; name: string }>(sql`
		select d.secret, p.name from product_delivery d join products p on p.id = d.product_id
		where d.product_id = ${productId}`);
	if (!rows[0]) throw invalid;
	const expected = Buffer.from(sign(rows[0].secret, `${productId}.${encoded}`));
	const given = Buffer.from(mac);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
	return {
		productId,
		productName: rows[0].name,
		email: Buffer.from(encoded, 'base64url').toString()
	};
}

/** Records the unsubscribe; the same link used twice changes nothing. */
export async function unsubscribe(db: Queryable, token: string): Promise<{ email: string }> {
	const { productId, email } = await readUnsubscribeToken(db, token);
	await db.query(sql`
		insert into unsubscribes (product_id, email) values (${productId}, ${email.toLowerCase()})
		on conflict do nothing`);
	return { email };
}

function layout(
	paragraphs: string[],
	link: { href: string; label: string } | null,
	footer: string
) {
	const text = [...paragraphs, ...(link ? [`${link.label}: ${link.href}`] : []), '', footer].join(
		'\n\n'
	);
	// No images and no tracking: the HTML part is the same words with a link.
	const html =
		'<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">' +
		paragraphs.map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join('') +
		(link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : '') +
		`<hr><p style="font-size: small; color: #555">${escape(footer)}</p></body></html>`;
	return { text, html };
}

export interface StatusChangeView {
	productName: string;
	productId: string;
	slug: string;
	portalEnabled: boolean;
	ideaId: string;
	title: string;
	toStatus: IdeaStatus;
	note: string;
}

/** The email a requester gets when an idea they asked for changes status. */
export function statusEmail(
	view: StatusChangeView,
	to: string,
	origin: string,
	unsubscribeUrl: string
): Email {
	const label = STATUS_LABELS[view.toStatus];
	const paragraphs = [
		`"${view.title}" is now ${label.toLowerCase()}.`,
		`You are getting this because you asked ${view.productName} for it, voted for it, followed it or scored it in a workshop.`
	];
	if (view.note) paragraphs.push(view.note);
	const link = view.portalEnabled
		? { href: `${origin}/p/${view.slug}/ideas/${view.ideaId}`, label: 'See the idea' }
		: null;
	const body = layout(
		paragraphs,
		link,
		`Unsubscribe from ${view.productName}'s updates: ${unsubscribeUrl}`
	);
	return {
		to,
		subject: `${label}: ${view.title}`,
		...body,
		headers: {
			'List-Unsubscribe': `<${unsubscribeUrl}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		}
	};
}

/** A plain account or team email (reset, invitation, a disabled webhook): no unsubscribe. */
export function noticeEmail(
	to: string,
	subject: string,
	paragraphs: string[],
	link: { href: string; label: string } | null
): Email {
	return {
		to,
		subject,
		...layout(paragraphs, link, 'Sent by Converge.'),
		headers: {}
	};
}

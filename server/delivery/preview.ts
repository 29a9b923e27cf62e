import type { Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireProduct, type Actor } from '../feedback/access.ts';
import { IDEA_STATUSES } from '../../src/lib/model/idea-status.ts';
import { optionalString, requireOneOf } from '../validation.ts';
import { statusEmail, type Email } from './email.ts';
import { queueEmail } from './outbox.ts';
import { STATUS_NOTE_MAX } from './statuses.ts';

/**
 * The email the idea's requesters would get if it moved to `status` with `note` (Settings'
 * preview), addressed to `to` and with an unsubscribe link that does nothing.
 */
export async function previewStatusEmail(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string,
	input: Record<string, unknown>,
	origin: string,
	to = 'requester@example.com'
): Promise<Email> {
	await requireProduct(db, actor, productId);
	const status = requireOneOf(input, 'status', IDEA_STATUSES);
	const note = optionalString(input, 'note', { max: STATUS_NOTE_MAX, label: 'Note' });
	const [row] = await db.query<{
		name: string;
		slug: string;
		portal_enabled: boolean;
		title: string;
	}>(
		sql`select p.name, p.slug, p.portal_enabled, i.title from ideas i
			join products p on p.id = i.product_id
			where i.id = ${ideaId} and i.product_id = ${productId}`
	);
	if (!row) throw new AppError('not_found', 'No such idea');
	return statusEmail(
		{
			productName: row.name,
			productId,
			slug: row.slug,
			portalEnabled: row.portal_enabled,
			ideaId,
			title: row.title,
			toStatus: status,
			note
		},
		to,
		origin,
		`${origin}/unsubscribe/preview`
	);
}

/** Sends the preview to the signed-in person through the outbox, as a requester would get it. */
export async function sendTestEmail(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string,
	input: Record<string, unknown>,
	origin: string
): Promise<{ to: string }> {
	if (actor.kind !== 'user') throw new AppError('forbidden', 'Sign in to send yourself a test');
	const [user] = await db.query<{ email: string | null }>(
		sql`select email from users where id = ${actor.userId}`
	);
	if (!user?.email) throw new AppError('bad_request', 'Your account has no email address');
	const email = await previewStatusEmail(db, actor, productId, ideaId, input, origin, user.email);
	await queueEmail(db, { ...email, subject: `[Test] ${email.subject}` }, productId);
	return { to: user.email };
}

import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireProduct, type Actor } from '../feedback/access.ts';
import { IDEA_STATUSES, type IdeaStatus } from '../../src/lib/model/idea-status.ts';
import { textArray } from '../feedback/ideas.ts';
import { optionalString, requireOneOf } from '../validation.ts';
import { productSecret } from './email.ts';
import { queueScorerNotices } from './notifications.ts';
import { queueEvent, queueStatusEmails } from './outbox.ts';

export interface StatusChange {
	id: string;
	ideaId: string;
	from: IdeaStatus;
	to: IdeaStatus;
	note: string;
	changedBy: { id: string; name: string } | null;
	changedAt: Date;
}

export const STATUS_NOTE_MAX = 2000;

type ChangeRow = {
	id: string;
	idea_id: string;
	from_status: IdeaStatus;
	to_status: IdeaStatus;
	note: string;
	changed_by: string | null;
	user_name: string | null;
	changed_at: string | Date;
};
const toChange = (r: ChangeRow): StatusChange => ({
	id: r.id,
	ideaId: r.idea_id,
	from: r.from_status,
	to: r.to_status,
	note: r.note,
	changedBy: r.changed_by ? { id: r.changed_by, name: r.user_name ?? '' } : null,
	changedAt: new Date(r.changed_at)
});

/** Which status changes email the people who asked (Planned and Shipped unless changed). */
export async function notifyStatuses(db: Queryable, productId: string): Promise<IdeaStatus[]> {
	await productSecret(db, productId);
	const [row] = await db.query<{ notify_statuses: IdeaStatus[] }>(
		sql`select notify_statuses from product_delivery where product_id = ${productId}`
	);
	return row.notify_statuses;
}

export async function getNotificationSettings(db: Queryable, actor: Actor, productId: string) {
	await requireProduct(db, actor, productId);
	return { notifyStatuses: await notifyStatuses(db, productId) };
}

/** `{notifyStatuses: [...]}`, owners only. */
export async function updateNotificationSettings(
	db: Queryable,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
) {
	await requireProduct(db, actor, productId, 'owner');
	const raw = input.notifyStatuses;
	if (!Array.isArray(raw) || raw.some((s) => !IDEA_STATUSES.includes(s as IdeaStatus))) {
		throw new AppError(
			'bad_request',
			`notifyStatuses must be a list of ${IDEA_STATUSES.join(', ')}`,
			'notifyStatuses'
		);
	}
	await productSecret(db, productId);
	await db.query(sql`
		update product_delivery set notify_statuses = ${textArray([...new Set(raw as string[])])}
		where product_id = ${productId}`);
	return getNotificationSettings(db, actor, productId);
}

/**
 * Statuses that tell the people who scored the idea in a workshop: it is planned, moves on the
 * roadmap (in progress), or ships. Their dashboard always shows it; email only if they opted in.
 */
export const SCORER_STATUSES: readonly IdeaStatus[] = ['planned', 'in_progress', 'shipped'];

export interface StatusChangeInput {
	productId: string;
	ideaId: string;
	to: IdeaStatus;
	note: string;
	/** Who changes it; null for an API key. */
	userId: string | null;
	/** The statuses the product emails its customers about (notifyStatuses). */
	notify: readonly IdeaStatus[];
	/** When the idea already has the status: false is a conflict, true changes nothing (null). */
	skipSame?: boolean;
}

/**
 * The one path every status change takes, in the caller's transaction: the idea's row and its
 * history, the emails to everyone who asked (when the product notifies that status) and to the
 * people who scored it and opted in, their dashboard notices, and the webhook event. The delivery
 * loop sends after; a crash either keeps all of it or none.
 */
export async function recordStatusChange(
	tx: Queryable,
	input: StatusChangeInput
): Promise<{ change: StatusChange; emailsQueued: number } | null> {
	const { productId, ideaId, to, note, userId } = input;
	const [idea] = await tx.query<{
		status: IdeaStatus;
		merged_into: string | null;
		title: string;
	}>(
		sql`select status, merged_into, title from ideas
			where id = ${ideaId} and product_id = ${productId} for update`
	);
	if (!idea) throw new AppError('not_found', 'No such idea');
	if (idea.merged_into) {
		throw new AppError('conflict', 'This idea is merged; change the status of the one it is in');
	}
	if (idea.status === to) {
		if (input.skipSame) return null;
		throw new AppError('conflict', `The idea is already ${to}`, 'status');
	}
	const id = newId();
	await tx.query(
		sql`update ideas set status = ${to}, status_changed_at = now() where id = ${ideaId}`
	);
	await tx.query(sql`
		insert into idea_status_changes (id, idea_id, product_id, from_status, to_status, note, changed_by)
		values (${id}, ${ideaId}, ${productId}, ${idea.status}, ${to}, ${note}, ${userId})`);
	const scorers = SCORER_STATUSES.includes(to);
	const emailsQueued = await queueStatusEmails(tx, productId, ideaId, id, {
		customers: input.notify.includes(to),
		scorers
	});
	if (scorers) await queueScorerNotices(tx, ideaId, id, userId);
	await queueEvent(tx, productId, 'idea.status_changed', {
		idea: { id: ideaId, title: idea.title },
		from: idea.status,
		to,
		note
	});
	const [row] = await tx.query<ChangeRow>(sql`
		select c.*, u.name as user_name from idea_status_changes c
		left join users u on u.id = c.changed_by where c.id = ${id}`);
	return { change: toChange(row), emailsQueued };
}

/** Validates what a person or an API key asked for, then takes the one status-change path. */
export async function changeStatus(
	db: Database,
	actor: Actor,
	productId: string,
	ideaId: string,
	input: Record<string, unknown>
): Promise<{ change: StatusChange; emailsQueued: number }> {
	const access = await requireProduct(db, actor, productId);
	const to = requireOneOf(input, 'status', IDEA_STATUSES);
	const note = optionalString(input, 'note', { max: STATUS_NOTE_MAX, label: 'Note' });
	if (to === 'declined' && !note) {
		throw new AppError('bad_request', 'Say why it is declined: the note is public', 'note');
	}
	const notify = await notifyStatuses(db, productId);
	return db.transaction(
		async (tx) =>
			(await recordStatusChange(tx, {
				productId,
				ideaId,
				to,
				note,
				userId: access.userId,
				notify
			}))!
	);
}

/** Every status change of the idea, newest first. */
export async function statusHistory(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string
): Promise<StatusChange[]> {
	await requireProduct(db, actor, productId);
	const ideas = await db.query(
		sql`select 1 from ideas where id = ${ideaId} and product_id = ${productId}`
	);
	if (!ideas[0]) throw new AppError('not_found', 'No such idea');
	const rows = await db.query<ChangeRow>(sql`
		select c.*, u.name as user_name from idea_status_changes c
		left join users u on u.id = c.changed_by
		where c.idea_id = ${ideaId} order by c.changed_at desc, c.id`);
	return rows.map(toChange);
}

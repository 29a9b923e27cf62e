import * as Y from 'yjs';
import { readBacklogRef } from '../../src/lib/model/backlog.ts';
import { readRawBallot } from '../../src/lib/model/ballot.ts';
import { ideasMap } from '../../src/lib/model/board.ts';
import type { Queryable } from '../db/connection.ts';
import { sql, valuesList } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { textArray } from '../feedback/ideas.ts';
import type { IdeaStatus } from '../../src/lib/model/idea-status.ts';
import { sqlId } from './outbox.ts';

/**
 * Internal voters are told (issue 15): the people who scored a backlog idea in a workshop see on
 * their dashboard when it is planned, moves on the roadmap or ships, and get the status email if
 * they chose it. Who scored what is read from the ballots when a workshop's roadmap is applied.
 */

/**
 * Backlog ideas each voter scored: a board idea with a backlog reference that has an entry in any
 * framework of their ballot. Ballot contents are untrusted; only the presence of a key counts.
 */
export function scorersOf(
	board: Y.Doc,
	ballots: ReadonlyMap<string, Y.Doc>
): Map<string, Set<string>> {
	const backlogOf = new Map<string, string>();
	for (const boardId of ideasMap(board).keys()) {
		const ref = readBacklogRef(board, boardId);
		if (ref) backlogOf.set(boardId, ref.ideaId);
	}
	const scored = new Map<string, Set<string>>();
	for (const [userId, ballot] of ballots) {
		for (const entries of readRawBallot(ballot).values()) {
			for (const boardId of entries.keys()) {
				const ideaId = backlogOf.get(boardId);
				if (!ideaId) continue;
				let users = scored.get(ideaId);
				if (!users) scored.set(ideaId, (users = new Set()));
				users.add(userId);
			}
		}
	}
	return scored;
}

/** Records who scored which backlog idea in the workshop (again: changes nothing). */
export async function recordScorers(
	tx: Queryable,
	workshopId: string,
	productId: string,
	scored: ReadonlyMap<string, ReadonlySet<string>>
): Promise<void> {
	const rows = [...scored].flatMap(([ideaId, users]) =>
		[...users].map((userId) => [ideaId, userId, workshopId])
	);
	if (rows.length === 0) return;
	// Only ideas of the workshop's product: a board's references are written by the server, but a
	// stale one may point at an idea since deleted.
	await tx.query(sql`
		insert into idea_scorers (idea_id, user_id, workshop_id)
		select v.idea_id, v.user_id, v.workshop_id
		from (values ${valuesList(rows)}) as v (idea_id, user_id, workshop_id)
		where exists (select 1 from ideas i where i.id = v.idea_id and i.product_id = ${productId})
			and exists (select 1 from users u where u.id = v.user_id)
		on conflict do nothing`);
}

/**
 * One dashboard notice per person who scored the idea (or an idea merged into it), in the status
 * change's transaction; the person who made the change is not told of it.
 */
export async function queueScorerNotices(
	tx: Queryable,
	ideaId: string,
	changeId: string,
	actorId: string | null
): Promise<void> {
	await tx.query(sql`
		insert into user_notifications (id, user_id, change_id, workshop_id)
		select ${sqlId}, s.user_id, ${changeId}, min(s.workshop_id)
		from idea_scorers s
		where s.idea_id in (select id from ideas where id = ${ideaId} or merged_into = ${ideaId})
			and s.user_id is distinct from ${actorId}
		group by s.user_id
		on conflict do nothing`);
}

export interface UserNotification {
	id: string;
	ideaId: string;
	ideaTitle: string;
	productName: string;
	from: IdeaStatus;
	to: IdeaStatus;
	note: string;
	/** The workshop they scored it in, where the link goes (they may not be in the product). */
	workshop: { id: string; title: string } | null;
	createdAt: Date;
	read: boolean;
}

export interface NotificationList {
	notifications: UserNotification[];
	unread: number;
	/** Whether they also get these by email. */
	email: boolean;
}

/** The person's notices, newest first, with how many are unread and their email choice. */
export async function listNotifications(
	db: Queryable,
	userId: string,
	limit = 50
): Promise<NotificationList> {
	const rows = await db.query<{
		id: string;
		idea_id: string;
		title: string;
		product_name: string;
		from_status: IdeaStatus;
		to_status: IdeaStatus;
		note: string;
		workshop_id: string | null;
		workshop_title: string | null;
		created_at: string | Date;
		read_at: string | Date | null;
	}>(sql`
		select n.id, i.id as idea_id, i.title, p.name as product_name, c.from_status, c.to_status,
			c.note, w.id as workshop_id, w.title as workshop_title, n.created_at, n.read_at
		from user_notifications n
		join idea_status_changes c on c.id = n.change_id
		join ideas i on i.id = c.idea_id
		join products p on p.id = c.product_id
		left join workshops w on w.id = n.workshop_id
		where n.user_id = ${userId}
		order by n.created_at desc, n.id limit ${limit}`);
	const [{ unread }] = await db.query<{ unread: number }>(sql`
		select count(*)::int as unread from user_notifications
		where user_id = ${userId} and read_at is null`);
	const [user] = await db.query<{ notify_by_email: boolean }>(
		sql`select notify_by_email from users where id = ${userId}`
	);
	return {
		notifications: rows.map((r) => ({
			id: r.id,
			ideaId: r.idea_id,
			ideaTitle: r.title,
			productName: r.product_name,
			from: r.from_status,
			to: r.to_status,
			note: r.note,
			workshop: r.workshop_id ? { id: r.workshop_id, title: r.workshop_title ?? '' } : null,
			createdAt: new Date(r.created_at),
			read: r.read_at !== null
		})),
		unread,
		email: user?.notify_by_email ?? false
	};
}

/** `{ids?: string[]}`: marks those notices read, or all of them without ids. Returns how many. */
export async function markNotificationsRead(
	db: Queryable,
	userId: string,
	input: Record<string, unknown>
): Promise<number> {
	const ids = input.ids;
	if (ids !== undefined) {
		if (!Array.isArray(ids) || ids.length > 500 || ids.some((id) => typeof id !== 'string')) {
			throw new AppError('bad_request', 'ids must be a list of at most 500 notice ids', 'ids');
		}
	}
	const only = ids === undefined ? sql`` : sql`and id = any(${textArray(ids as string[])})`;
	const rows = await db.query(sql`
		update user_notifications set read_at = now()
		where user_id = ${userId} and read_at is null ${only}
		returning id`);
	return rows.length;
}

/** `{email: boolean}`: whether the person also gets these notices by email. */
export async function setNotificationEmail(
	db: Queryable,
	userId: string,
	input: Record<string, unknown>
): Promise<{ email: boolean }> {
	if (typeof input.email !== 'boolean') {
		throw new AppError('bad_request', 'email must be true or false', 'email');
	}
	await db.query(sql`update users set notify_by_email = ${input.email} where id = ${userId}`);
	return { email: input.email };
}

import * as Y from 'yjs';
import { readBacklogRef } from '../../src/lib/model/backlog.ts';
import { isVoter } from '../../src/lib/model/members.ts';
import { readOutcome } from '../../src/lib/model/outcome.ts';
import { HORIZONS, type Horizon, type Roadmap } from '../../src/lib/model/roadmap.ts';
import type { Database, Queryable } from '../db/connection.ts';
import { listDecisions } from '../db/decisions.ts';
import { sql } from '../db/sql.ts';
import { getRole, listMembers } from '../db/workshops.ts';
import { AppError } from '../errors.ts';
import { textArray } from '../feedback/ideas.ts';
import { IDEA_STATUSES, type IdeaStatus } from '../../src/lib/model/idea-status.ts';
import { documentName } from '../sync/documents.ts';
import type { Rooms } from '../sync/rooms.ts';
import { withDocuments } from '../versions.ts';
import { recordScorers, scorersOf } from './notifications.ts';
import { notifyStatuses, recordStatusChange } from './statuses.ts';

/**
 * Applying a workshop's roadmap to its product's backlog (issue 15): each roadmap idea that came
 * from (or went to) the backlog moves to the status its horizon maps to, through the one
 * status-change path, so the people who asked and the webhooks hear of it. Shown first as a
 * preview; applying twice changes nothing the second time.
 */

/** A horizon's status, or null: leave the ideas of that horizon as they are. */
export type RoadmapMapping = Record<Horizon, IdeaStatus | null>;

export const DEFAULT_MAPPING: RoadmapMapping = {
	now: 'in_progress',
	next: 'planned',
	later: 'under_review'
};

/** Statuses a horizon may map to: declined needs a note of its own, so never from a roadmap. */
export const MAPPABLE_STATUSES: readonly IdeaStatus[] = IDEA_STATUSES.filter(
	(s) => s !== 'declined'
);

/**
 * What happens to one roadmap idea: `change` (current → proposed), `same` (already there),
 * `kept` (its horizon maps to nothing), `closed` (shipped or declined: a roadmap does not reopen
 * it), `not_in_backlog` (the board idea has no backlog idea), `repeated` (its backlog idea is
 * already placed by an earlier card).
 */
export type ApplyAction = 'change' | 'same' | 'kept' | 'closed' | 'not_in_backlog' | 'repeated';

export interface ApplyItem {
	boardIdeaId: string;
	title: string;
	horizon: Horizon;
	backlogIdeaId: string | null;
	backlogTitle: string | null;
	current: IdeaStatus | null;
	proposed: IdeaStatus | null;
	action: ApplyAction;
}

export interface ApplyPreview {
	workshopId: string;
	productId: string;
	/** The roadmap read: the standing decision's (frozen when decided), or the live one. */
	source: 'decision' | 'live';
	mapping: RoadmapMapping;
	statuses: readonly IdeaStatus[];
	items: ApplyItem[];
	/** How many ideas applying would change. */
	changes: number;
}

/**
 * Facilitators of the workshop and owners of its product may apply; other members of either are
 * 403; anyone else learns nothing (404).
 */
async function requireApplier(db: Queryable, userId: string, workshopId: string) {
	const [workshop] = await db.query<{ product_id: string | null; title: string }>(
		sql`select product_id, title from workshops where id = ${workshopId}`
	);
	const role = workshop ? await getRole(db, workshopId, userId) : null;
	const [member] = workshop?.product_id
		? await db.query<{ role: string }>(sql`
			select role from product_members
			where product_id = ${workshop.product_id} and user_id = ${userId}`)
		: [];
	if (!workshop || (!role && !member)) throw new AppError('not_found', 'No such workshop');
	if (!workshop.product_id) {
		throw new AppError('conflict', 'This workshop belongs to no product: it has no backlog');
	}
	if (role !== 'facilitator' && member?.role !== 'owner') {
		throw new AppError(
			'forbidden',
			'Only facilitators of the workshop or owners of its product apply the roadmap'
		);
	}
	return { productId: workshop.product_id, title: workshop.title };
}

/** `{now, next, later}` from untrusted input over the defaults; null or "" keeps a horizon as is. */
export function readMapping(raw: unknown): RoadmapMapping {
	if (raw === undefined || raw === null) return { ...DEFAULT_MAPPING };
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw new AppError(
			'bad_request',
			'mapping must be an object of now, next and later',
			'mapping'
		);
	}
	const given = raw as Record<string, unknown>;
	const mapping = { ...DEFAULT_MAPPING };
	for (const horizon of HORIZONS) {
		const value = given[horizon];
		if (value === undefined) continue;
		if (value === null || value === '') mapping[horizon] = null;
		else if (MAPPABLE_STATUSES.includes(value as IdeaStatus))
			mapping[horizon] = value as IdeaStatus;
		else {
			throw new AppError(
				'bad_request',
				`mapping.${horizon} must be one of ${MAPPABLE_STATUSES.join(', ')} or null`,
				'mapping'
			);
		}
	}
	return mapping;
}

interface Placed {
	boardIdeaId: string;
	title: string;
	horizon: Horizon;
	backlogIdeaId: string | null;
}

/** The roadmap's cards in horizon order, each with the backlog idea its board idea refers to. */
function placedCards(roadmap: Roadmap, board: Y.Doc, productId: string): Placed[] {
	return roadmap.columns.flatMap((column) =>
		column.cards.map((card) => {
			const ref = readBacklogRef(board, card.ideaId);
			return {
				boardIdeaId: card.ideaId,
				title: card.title,
				horizon: column.horizon,
				backlogIdeaId: ref && ref.productId === productId ? ref.ideaId : null
			};
		})
	);
}

async function plan(
	db: Queryable,
	productId: string,
	placed: Placed[],
	mapping: RoadmapMapping
): Promise<ApplyItem[]> {
	const ids = placed.flatMap((p) => (p.backlogIdeaId ? [p.backlogIdeaId] : []));
	// A merged idea's status is its target's: the change goes to the idea it was merged into.
	const rows = ids.length
		? await db.query<{ id: string; target: string; title: string; status: IdeaStatus }>(sql`
			select i.id, t.id as target, t.title, t.status
			from ideas i join ideas t on t.id = coalesce(i.merged_into, i.id)
			where i.product_id = ${productId} and i.id = any(${textArray(ids)})`)
		: [];
	const byId = new Map(rows.map((r) => [r.id, r]));
	const seen = new Set<string>();
	return placed.map((p): ApplyItem => {
		const row = p.backlogIdeaId ? byId.get(p.backlogIdeaId) : undefined;
		const proposed = mapping[p.horizon];
		const item = {
			boardIdeaId: p.boardIdeaId,
			title: p.title,
			horizon: p.horizon,
			backlogIdeaId: row?.target ?? null,
			backlogTitle: row?.title ?? null,
			current: row?.status ?? null,
			proposed: row ? proposed : null
		};
		if (!row) return { ...item, action: 'not_in_backlog' };
		if (seen.has(row.target)) return { ...item, proposed: null, action: 'repeated' };
		seen.add(row.target);
		if (proposed === null) return { ...item, action: 'kept' };
		if (row.status === proposed) return { ...item, action: 'same' };
		if (row.status === 'shipped' || row.status === 'declined') {
			return { ...item, proposed: null, action: 'closed' };
		}
		return { ...item, action: 'change' };
	});
}

/** The roadmap that is applied: what the standing decision froze, or the live one. */
async function readRoadmap(db: Queryable, rooms: Rooms, workshopId: string, productId: string) {
	const [latest] = await listDecisions(db, workshopId);
	const standing = latest && !latest.reopenedAt ? latest : null;
	return withDocuments(rooms, workshopId, (docs) => {
		const roadmap = standing?.roadmap ?? readOutcome(docs.board, docs.control, docs.tally).roadmap;
		return {
			source: standing ? ('decision' as const) : ('live' as const),
			placed: placedCards(roadmap, docs.board, productId),
			board: Y.encodeStateAsUpdate(docs.board)
		};
	});
}

/** What applying would do, with the default mapping unless one is given. Changes nothing. */
export async function previewRoadmap(
	app: { db: Database; rooms: Rooms },
	userId: string,
	workshopId: string,
	mapping: RoadmapMapping = DEFAULT_MAPPING
): Promise<ApplyPreview> {
	const { productId } = await requireApplier(app.db, userId, workshopId);
	const { source, placed } = await readRoadmap(app.db, app.rooms, workshopId, productId);
	const items = await plan(app.db, productId, placed, mapping);
	return previewOf({ workshopId, productId, source, mapping }, items);
}

/** The preview of a planned apply, which applying returns too, with what it did. */
function previewOf(
	roadmap: Pick<ApplyPreview, 'workshopId' | 'productId' | 'source' | 'mapping'>,
	items: ApplyItem[]
): ApplyPreview {
	return {
		...roadmap,
		statuses: MAPPABLE_STATUSES,
		items,
		changes: items.filter((i) => i.action === 'change').length
	};
}

/** Who scored which backlog idea, read from every voter's ballot. */
async function readScorers(
	db: Queryable,
	rooms: Rooms,
	workshopId: string,
	boardUpdate: Uint8Array
) {
	const voters = (await listMembers(db, workshopId)).filter((m) => isVoter(m.role));
	const ballots = new Map<string, Y.Doc>();
	for (const voter of voters) {
		const room = await rooms.acquire(
			documentName({ kind: 'ballot', workshopId, owner: voter.userId })
		);
		try {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
			ballots.set(voter.userId, copy);
		} finally {
			await rooms.release(room);
		}
	}
	const board = new Y.Doc();
	Y.applyUpdate(board, boardUpdate);
	return scorersOf(board, ballots);
}

/**
 * `{mapping?}`: applies the roadmap in one transaction, one status change per backlog idea whose
 * status differs from its horizon's. An idea already at its status is left alone, so applying
 * again changes nothing. Also records who scored each backlog idea, so they hear when it moves.
 */
export async function applyRoadmap(
	app: { db: Database; rooms: Rooms },
	userId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<ApplyPreview & { applied: number; emailsQueued: number }> {
	const { productId, title } = await requireApplier(app.db, userId, workshopId);
	const mapping = readMapping(input.mapping);
	const { source, placed, board } = await readRoadmap(app.db, app.rooms, workshopId, productId);
	const scored = await readScorers(app.db, app.rooms, workshopId, board);
	const notify = await notifyStatuses(app.db, productId);
	return app.db.transaction(async (tx) => {
		// Scorers first: the changes below tell them.
		await recordScorers(tx, workshopId, productId, scored);
		// recordStatusChange locks each idea and skips one already at its status, so two applies at
		// once change each idea once.
		const items = await plan(tx, productId, placed, mapping);
		let applied = 0;
		let emailsQueued = 0;
		for (const item of items) {
			if (item.action !== 'change') continue;
			const result = await recordStatusChange(tx, {
				productId,
				ideaId: item.backlogIdeaId!,
				to: item.proposed!,
				note: `From the roadmap of the workshop "${title}" (${horizonLabel(item.horizon)}).`,
				userId,
				notify,
				skipSame: true
			});
			if (result) {
				applied++;
				emailsQueued += result.emailsQueued;
			}
		}
		return {
			...previewOf({ workshopId, productId, source, mapping }, items),
			applied,
			emailsQueued
		};
	});
}

const horizonLabel = (horizon: Horizon) => ({ now: 'Now', next: 'Next', later: 'Later' })[horizon];

import { addIdea, ideasMap } from '../../src/lib/model/board.ts';
import { readBacklogRef, writeBacklogRef, type BacklogRef } from '../../src/lib/model/backlog.ts';
import type { Database, Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { createWorkshop, getRole, type Workshop } from '../db/workshops.ts';
import { AppError } from '../errors.ts';
import { documentName } from '../sync/documents.ts';
import type { Rooms } from '../sync/rooms.ts';
import { optionalString, requireString } from '../validation.ts';
import { requireProduct, type Actor } from './access.ts';
import { textArray } from './ideas.ts';

export interface ProductWorkshop extends Workshop {
	/** Board ideas that came from this product's backlog. */
	productId: string;
}

/** Ids from untrusted input: a non-empty list of at most 100 strings. */
function readIdeaIds(raw: unknown, field = 'ideaIds'): string[] {
	if (!Array.isArray(raw) || raw.length === 0 || raw.some((id) => typeof id !== 'string')) {
		throw new AppError('bad_request', 'ideaIds must be a list of idea ids', field);
	}
	if (raw.length > 100) throw new AppError('bad_request', 'At most 100 ideas at once', field);
	return [...new Set(raw as string[])];
}

/** What a room may know of backlog ideas: titles, descriptions, counts and company names. */
async function roomDemand(db: Queryable, productId: string, ideaIds: string[]) {
	const rows = await db.query<{
		id: string;
		title: string;
		description: string;
		merged_into: string | null;
		demand_requesters: number;
		demand_companies: number;
		demand_arr: number;
		company_names: string[] | null;
	}>(sql`
		select i.id, i.title, i.description, i.merged_into, i.demand_requesters, i.demand_companies,
			i.demand_arr, array(
				with recursive down (id) as (
					select i.id union all select c.id from ideas c join down d on c.merged_into = d.id
				)
				select c.name from companies c
				where c.id in (
					select f.company_id from feedback f join down d on d.id = f.idea_id
					union
					select r.company_id from idea_votes v join down d on d.id = v.idea_id
						join requesters r on r.id = v.requester_id
				)
				order by c.arr desc nulls last, c.name limit 10
			) as company_names
		from ideas i
		where i.product_id = ${productId} and i.id = any(${textArray(ideaIds)})`);
	const byId = new Map(rows.map((r) => [r.id, r]));
	const missing = ideaIds.find((id) => !byId.has(id));
	if (missing) throw new AppError('not_found', 'No such idea in this product', 'ideaIds');
	return ideaIds.map((id) => {
		const r = byId.get(id)!;
		const ref: BacklogRef = {
			ideaId: r.id,
			productId,
			requesters: r.demand_requesters,
			companies: r.demand_companies,
			arr: Number(r.demand_arr),
			companyNames: typeof r.company_names === 'string' ? [] : (r.company_names ?? []),
			at: Date.now()
		};
		return { title: r.title, description: r.description, ref };
	});
}

/**
 * Puts backlog ideas on a workshop's board, each with its demand and a reference back to the
 * backlog (board idea field `backlog`); an idea already on the board is refreshed, not doubled.
 * Returns the board idea ids, in the order given.
 */
export async function addIdeasToBoard(
	db: Queryable,
	rooms: Rooms,
	actor: Actor,
	productId: string,
	workshopId: string,
	ideaIds: string[]
): Promise<string[]> {
	await requireProduct(db, actor, productId);
	if (actor.kind !== 'user') throw new AppError('forbidden', 'An API key cannot change workshops');
	const owner = await db.query<{ product_id: string | null }>(
		sql`select product_id from workshops where id = ${workshopId}`
	);
	if (!owner[0] || owner[0].product_id !== productId) {
		throw new AppError('not_found', 'No such workshop in this product');
	}
	if ((await getRole(db, workshopId, actor.userId)) !== 'facilitator') {
		throw new AppError('forbidden', 'Only facilitators can add backlog ideas to a workshop');
	}
	const items = await roomDemand(db, productId, ideaIds);
	const room = await rooms.acquire(documentName({ kind: 'board', workshopId }));
	try {
		const doc = room.doc;
		const onBoard = new Map<string, string>();
		for (const id of ideasMap(doc).keys()) {
			const ref = readBacklogRef(doc, id);
			if (ref) onBoard.set(ref.ideaId, id);
		}
		const boardIds: string[] = [];
		doc.transact(() => {
			for (const item of items) {
				const boardId =
					onBoard.get(item.ref.ideaId) ??
					addIdea(doc, {
						title: item.title,
						description: item.description.slice(0, 2000),
						createdBy: actor.userId
					});
				writeBacklogRef(doc, boardId, item.ref);
				boardIds.push(boardId);
			}
		}, 'server');
		return boardIds;
	} finally {
		await rooms.release(room);
	}
}

/** Starts a workshop in the product, its board holding the chosen backlog ideas with their demand. */
export async function workshopFromIdeas(
	db: Database,
	rooms: Rooms,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
): Promise<ProductWorkshop & { boardIdeaIds: string[] }> {
	await requireProduct(db, actor, productId);
	if (actor.kind !== 'user') throw new AppError('forbidden', 'An API key cannot start workshops');
	const title = requireString(input, 'title', { max: 120, label: 'Title' });
	const description = optionalString(input, 'description', { max: 2000, label: 'Description' });
	const ideaIds = readIdeaIds(input.ideaIds);
	// Checked before the workshop exists, so a wrong id leaves no empty workshop behind.
	await roomDemand(db, productId, ideaIds);
	const workshop = await createWorkshop(db, { title, description, userId: actor.userId });
	await db.query(sql`update workshops set product_id = ${productId} where id = ${workshop.id}`);
	const boardIdeaIds = await addIdeasToBoard(db, rooms, actor, productId, workshop.id, ideaIds);
	return { ...workshop, productId, boardIdeaIds };
}

/** The product's workshops, newest first. */
export async function listProductWorkshops(
	db: Queryable,
	actor: Actor,
	productId: string
): Promise<ProductWorkshop[]> {
	await requireProduct(db, actor, productId);
	const rows = await db.query<{
		id: string;
		title: string;
		description: string;
		created_by: string;
		created_at: Date;
	}>(sql`
		select id, title, description, created_by, created_at from workshops
		where product_id = ${productId} order by created_at desc, id`);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		description: r.description,
		createdBy: r.created_by,
		createdAt: new Date(r.created_at),
		productId
	}));
}

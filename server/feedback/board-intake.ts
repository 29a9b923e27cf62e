import { readIdeas } from '../../src/lib/model/board.ts';
import { readBacklogRef, writeBacklogRef } from '../../src/lib/model/backlog.ts';
import type { Database } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { documentName, parseDocumentName } from '../sync/documents.ts';
import type { Rooms } from '../sync/rooms.ts';

export interface BoardIntakeOptions {
	db: Database;
	rooms: Rooms;
	log?: (message: string, details?: Record<string, unknown>) => void;
	/** Quiet time after a board change before its new ideas are copied (typing settles). */
	delayMs?: number;
}

/**
 * The workshop channel: an idea added in the room of a workshop that belongs to a product lands
 * in that product's backlog, and the board idea gets the `backlog` reference (docs/documents.md),
 * so it is copied once. Runs in the process that holds the room; each workshop's passes run one
 * after another so two changes never copy an idea twice.
 */
export class BoardIntake {
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
	readonly #running = new Map<string, Promise<unknown>>();
	readonly #options: BoardIntakeOptions;
	#closed = false;

	constructor(options: BoardIntakeOptions) {
		this.#options = options;
	}

	/** Told of every accepted change of any document (Rooms' onChange). */
	changed(name: string): void {
		const address = parseDocumentName(name);
		if (this.#closed || address?.kind !== 'board') return;
		const { workshopId } = address;
		clearTimeout(this.#timers.get(workshopId));
		const timer = setTimeout(() => {
			this.#timers.delete(workshopId);
			const previous = this.#running.get(workshopId) ?? Promise.resolve();
			const next = previous.then(() => this.sync(workshopId));
			this.#running.set(workshopId, next);
			void next.finally(() => {
				if (this.#running.get(workshopId) === next) this.#running.delete(workshopId);
			});
		}, this.#options.delayMs ?? 500);
		timer.unref?.();
		this.#timers.set(workshopId, timer);
	}

	/** Copies the board's ideas that have no backlog reference yet into the workshop's product. */
	async sync(workshopId: string): Promise<number> {
		const { db, rooms, log } = this.#options;
		try {
			const owner = await db.query<{ product_id: string | null }>(
				sql`select product_id from workshops where id = ${workshopId}`
			);
			const productId = owner[0]?.product_id;
			if (!productId || this.#closed) return 0;
			const room = await rooms.acquire(documentName({ kind: 'board', workshopId }));
			try {
				const fresh = readIdeas(room.doc).filter((idea) => !readBacklogRef(room.doc, idea.id));
				for (const idea of fresh) {
					const id = newId();
					await db.query(sql`
						insert into ideas (id, product_id, title, description, created_by)
						values (${id}, ${productId}, ${idea.title}, ${idea.description},
							(select id from users where id = ${idea.createdBy}))`);
					room.doc.transact(
						() =>
							writeBacklogRef(room.doc, idea.id, {
								ideaId: id,
								productId,
								requesters: 0,
								companies: 0,
								arr: 0,
								companyNames: [],
								at: Date.now()
							}),
						'server'
					);
				}
				return fresh.length;
			} finally {
				await rooms.release(room);
			}
		} catch (error) {
			log?.('board intake failed', { workshopId, error: String(error) });
			return 0;
		}
	}

	/** Stops scheduling and waits for passes under way (before the database closes). */
	async close(): Promise<void> {
		this.#closed = true;
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		await Promise.all(this.#running.values());
	}
}

import type { DocumentStore } from './persistence.ts';
import { Room } from './room.ts';

export interface RoomsOptions {
	store: DocumentStore;
	log?: (message: string, details?: Record<string, unknown>) => void;
	/** Compact a live document after this many appended updates. */
	compactEvery?: number;
	maxDocumentBytes?: number;
	/** How long presence outlives a connection the server closed for new permissions ([A3]). */
	presenceGraceMs?: number;
	/** Told after every change a room accepted (from a peer or the server), once it is queued. */
	onChange?: (name: string, update: Uint8Array) => void;
	/**
	 * Set when several processes share the database (server/cluster): a room is loaded only
	 * once `claim` made this process its workshop's owner (it throws when another process owns
	 * it), and `unclaim` follows every claim once the room left memory or failed to load.
	 */
	ownership?: {
		claim(name: string): Promise<void>;
		unclaim(name: string): void;
	};
}

/**
 * The rooms in memory. Concurrent opens of one document share one load; every `acquire` is
 * matched by a `release`, and a room leaves memory only after its last holder released it and
 * its writes (and compaction) finished, and only if nobody acquired it again meanwhile.
 */
export class Rooms {
	readonly #rooms = new Map<string, Promise<Room>>();
	readonly #holders = new Map<string, number>();
	readonly #options: RoomsOptions;

	constructor(options: RoomsOptions) {
		this.#options = options;
	}

	acquire(name: string): Promise<Room> {
		this.#holders.set(name, (this.#holders.get(name) ?? 0) + 1);
		let room = this.#rooms.get(name);
		if (!room) {
			room = this.#load(name);
			this.#rooms.set(name, room);
			room.catch(() => {
				this.#rooms.delete(name);
				this.#holders.delete(name);
			});
		}
		return room;
	}

	async #load(name: string): Promise<Room> {
		const {
			store,
			log,
			compactEvery = 500,
			maxDocumentBytes,
			presenceGraceMs,
			ownership
		} = this.#options;
		await ownership?.claim(name);
		let stored: Uint8Array[];
		try {
			stored = await store.load(name);
		} catch (error) {
			ownership?.unclaim(name);
			throw error;
		}
		return new Room(name, stored, {
			log,
			maxBytes: maxDocumentBytes,
			presenceGraceMs,
			whenStored: () => store.whenCommitted(),
			persist: (update) => {
				store.append(name, update);
				this.#options.onChange?.(name, update);
				if (store.appendedSince(name) >= compactEvery) {
					store
						.compact(name)
						.catch((error) => log?.('compaction failed', { name, error: String(error) }));
				}
			}
		});
	}

	/** Gives back what `acquire` returned; the last release unloads the room after its writes. */
	async release(room: Room): Promise<void> {
		const left = (this.#holders.get(room.name) ?? 1) - 1;
		this.#holders.set(room.name, left);
		if (left > 0) return;
		try {
			await this.#options.store.compact(room.name);
		} catch (error) {
			this.#options.log?.('compaction failed', { name: room.name, error: String(error) });
			await this.#options.store.flush();
		}
		if (this.#holders.get(room.name) === 0) {
			this.#holders.delete(room.name);
			this.#rooms.delete(room.name);
			room.destroy();
			this.#options.ownership?.unclaim(room.name);
		}
	}

	get loaded(): string[] {
		return [...this.#rooms.keys()];
	}

	async all(): Promise<Room[]> {
		return Promise.all(this.#rooms.values());
	}
}

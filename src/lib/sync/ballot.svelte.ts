import { createSubscriber } from 'svelte/reactivity';
import type { WebsocketProvider } from 'y-websocket';
import { clearEntry, entriesOf, rejectedMap, setEntry } from '$lib/model/ballot.ts';
import { FRAMEWORK_IDS, type FrameworkId } from '$lib/model/control.ts';
import { BallotOutbox, pendingEntries, syncOutbox, type PendingChange } from './ballot-outbox.ts';
import { SyncedDocument } from './document.svelte.ts';
import { follow, GroupedIndex, MapIndex } from './map-index.ts';

/** Thrown when a write would be dropped by the server: voting is closed for this person. */
export class BallotError extends Error {
	name = 'BallotError';
}

/** One framework's entries, indexed, with the subscriber that makes reading them reactive. */
interface Entries {
	index: MapIndex<unknown>;
	subscribe: () => void;
}

export interface BallotSyncOptions {
	workshopId: string;
	userId: string;
	/** Whether voting is open for this person now (the server decides the same at connect time). */
	mayWrite: () => boolean;
	/** Resolves once `mayWrite` can be trusted: the control document is in sync with the server. */
	permissionsKnown: () => Promise<void>;
}

const anything = (raw: unknown) => (raw === undefined ? null : raw);
const reason = (raw: unknown) => (typeof raw === 'string' ? raw : null);

/**
 * The current user's own `ballot` document: their entries in every framework, which only they
 * (and the server) can open, and the server's reasons for entries it left out (`rejected`). Only
 * voters (facilitators and participants) have one.
 *
 * Entries are returned raw: they are the user's own, but another tab or an older client may have
 * written anything, so views validate what they show (src/lib/model/frameworks/validate.ts).
 * Because ballots are Yjs documents, entries made offline are kept and merge on reconnect.
 */
export class BallotSync extends SyncedDocument {
	readonly userId: string;
	readonly #mayWrite: () => boolean;
	readonly #frameworks: Record<FrameworkId, Entries>;
	readonly #rejected: GroupedIndex<string, string>;
	readonly #permissionsKnown: () => Promise<void>;
	readonly #outbox: BallotOutbox;
	/** Changes the server has not confirmed, oldest first; mirrored into the outbox. */
	#pending: PendingChange[] = $state.raw([]);
	/** Entries made offline that the server did not take because voting had closed. */
	#refused = $state(0);

	#subscribeRejected = createSubscriber((update) => {
		const rejected = rejectedMap(this.doc);
		rejected.observe(update);
		return () => rejected.unobserve(update);
	});

	constructor(options: BallotSyncOptions) {
		super({ path: `${options.workshopId}/ballot/${options.userId}` });
		this.userId = options.userId;
		this.#mayWrite = options.mayWrite;
		this.#permissionsKnown = options.permissionsKnown;
		this.#outbox = new BallotOutbox(options.workshopId, options.userId);
		const rejected = rejectedMap(this.doc);
		this.#rejected = new GroupedIndex(rejected, reason);
		follow(rejected, this.#rejected);
		const framework = (id: FrameworkId) => {
			const map = entriesOf(this.doc, id);
			const index = new MapIndex(map, anything);
			follow(map, index);
			const subscribe = createSubscriber((update) => {
				map.observe(update);
				return () => map.unobserve(update);
			});
			return [id, { index, subscribe }] as const;
		};
		this.#frameworks = Object.fromEntries(FRAMEWORK_IDS.map(framework)) as Record<
			FrameworkId,
			Entries
		>;
	}

	/** The user's raw entries in one framework, by idea id. */
	entries(framework: FrameworkId): ReadonlyMap<string, unknown> {
		const { index, subscribe } = this.#frameworks[framework];
		subscribe();
		return index.entries;
	}

	/** Why the server left out some of the user's entries in one framework, by idea id. */
	rejections(framework: FrameworkId): ReadonlyMap<string, string> {
		this.#subscribeRejected();
		return this.#rejected.group(framework);
	}

	/** How many entries hold changes the server has not confirmed yet. */
	get pending(): number {
		return pendingEntries(this.#pending);
	}

	/** How many entries made offline were not counted because voting had closed meanwhile. */
	get refused(): number {
		return this.#refused;
	}

	dismissRefused(): void {
		this.#refused = 0;
	}

	#setPending(changes: PendingChange[]) {
		this.#pending = changes;
		void this.#outbox.save(changes);
	}

	/** Keeps the user's unconfirmed changes in the outbox (see ballot-outbox.ts). */
	protected override attach(provider: WebsocketProvider): () => void {
		return syncOutbox({
			provider,
			doc: this.doc,
			outbox: this.#outbox,
			mayWrite: this.#mayWrite,
			permissionsKnown: this.#permissionsKnown,
			pending: {
				get: () => this.#pending,
				set: (changes) => this.#setPending(changes),
				load: (stored) => (this.#pending = [...stored, ...this.#pending])
			},
			refused: (entries) => (this.#refused += entries)
		});
	}

	#writable() {
		if (!this.#mayWrite()) throw new BallotError('Voting is closed at the moment');
	}

	set(framework: FrameworkId, ideaId: string, entry: unknown): void {
		this.#writable();
		setEntry(this.doc, framework, ideaId, entry);
	}

	clear(framework: FrameworkId, ideaId: string): void {
		this.#writable();
		if (entriesOf(this.doc, framework).has(ideaId)) clearEntry(this.doc, framework, ideaId);
	}
}

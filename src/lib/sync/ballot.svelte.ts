import { createSubscriber } from 'svelte/reactivity';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { clearEntry, entriesOf, rejectedMap, setEntry } from '$lib/model/ballot.ts';
import { FRAMEWORK_IDS, type FrameworkId } from '$lib/model/control.ts';
import {
	BallotOutbox,
	pendingEntries,
	syncOutbox,
	uncountedEntries,
	type BallotEntry,
	type PendingChange
} from './ballot-outbox.ts';
import { SyncedDocument } from './document.svelte.ts';
import { follow, GroupedIndex, MapIndex } from './map-index.ts';

/** Thrown when a write would be dropped by the server: voting is closed for this person. */
export class BallotError extends Error {
	name = 'BallotError';
}

/** The ballot's maps that views read: each framework's entries and `rejected`. */
type MapName = FrameworkId | 'rejected';
const MAP_NAMES: readonly MapName[] = [...FRAMEWORK_IDS, 'rejected'];

/** Indexes of one ballot document's maps, kept in step with them until `stop()`. */
interface BallotIndex {
	frameworks: Record<FrameworkId, MapIndex<unknown>>;
	rejected: GroupedIndex<string, string>;
	stop(): void;
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

/** Indexes a ballot document's maps and calls `changed` with a map's name after each change. */
function indexBallot(doc: Y.Doc, changed: (name: MapName) => void): BallotIndex {
	const stops: (() => void)[] = [];
	const indexed = <V, T extends { apply(keys: Iterable<string>): void }>(
		name: MapName,
		map: Y.Map<V>,
		index: T
	) => {
		const notify = () => changed(name);
		stops.push(follow(map, index));
		map.observe(notify);
		stops.push(() => map.unobserve(notify));
		return index;
	};
	const frameworks = Object.fromEntries(
		FRAMEWORK_IDS.map((id) => {
			const map = entriesOf(doc, id);
			return [id, indexed(id, map, new MapIndex(map, anything))];
		})
	) as Record<FrameworkId, MapIndex<unknown>>;
	const rejected = rejectedMap(doc);
	return {
		frameworks,
		rejected: indexed('rejected', rejected, new GroupedIndex(rejected, reason)),
		stop: () => stops.forEach((stop) => stop())
	};
}

/**
 * The current user's own `ballot` document: their entries in every framework, which only they
 * (and the server) can open, and the server's reasons for entries it left out (`rejected`). Only
 * voters (facilitators and participants) have one.
 *
 * Entries are returned raw: they are the user's own, but another tab or an older client may have
 * written anything, so views validate what they show (src/lib/model/frameworks/validate.ts).
 * Because ballots are Yjs documents, entries made offline are kept and merge on reconnect. If
 * voting closed meanwhile, the server refuses them: they are reported, and the ballot starts again
 * from the server's copy so that they are never sent later.
 */
export class BallotSync extends SyncedDocument {
	readonly userId: string;
	readonly #mayWrite: () => boolean;
	readonly #permissionsKnown: () => Promise<void>;
	readonly #outbox: BallotOutbox;
	/** The current document's indexes; replaced with the document (see `renewed`). */
	#index: BallotIndex;
	/** Tells subscribers which map changed (the event's type is the map's name). */
	readonly #changes = new EventTarget();
	readonly #subscribe: Record<MapName, () => void>;
	/** Changes the server has not confirmed, oldest first; mirrored into the outbox. */
	#pending: PendingChange[] = $state.raw([]);
	/** Entries made offline that the server did not take because voting had closed. */
	#refused: BallotEntry[] = $state.raw([]);

	constructor(options: BallotSyncOptions) {
		super({ path: `${options.workshopId}/ballot/${options.userId}` });
		this.userId = options.userId;
		this.#mayWrite = options.mayWrite;
		this.#permissionsKnown = options.permissionsKnown;
		this.#outbox = new BallotOutbox(options.workshopId, options.userId);
		this.#index = this.#indexDocument();
		const subscriber = (name: MapName) =>
			createSubscriber((update) => {
				this.#changes.addEventListener(name, update);
				return () => this.#changes.removeEventListener(name, update);
			});
		this.#subscribe = Object.fromEntries(
			MAP_NAMES.map((name) => [name, subscriber(name)])
		) as Record<MapName, () => void>;
	}

	#indexDocument(): BallotIndex {
		return indexBallot(this.doc, (name) => this.#changes.dispatchEvent(new Event(name)));
	}

	/** The user's raw entries in one framework, by idea id. */
	entries(framework: FrameworkId): ReadonlyMap<string, unknown> {
		this.#subscribe[framework]();
		return this.#index.frameworks[framework].entries;
	}

	/** Why the server left out some of the user's entries in one framework, by idea id. */
	rejections(framework: FrameworkId): ReadonlyMap<string, string> {
		this.#subscribe.rejected();
		return this.#index.rejected.group(framework);
	}

	/** How many entries hold changes the server has not confirmed yet. */
	get pending(): number {
		return pendingEntries(this.#pending);
	}

	/**
	 * Entries made offline that were not counted because voting had closed meanwhile: the ballot
	 * holds the server's entries instead. Reported until the user votes again (or dismisses it).
	 */
	get refused(): readonly BallotEntry[] {
		return this.#refused;
	}

	dismissRefused(): void {
		this.#refused = [];
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
			refused: (changes) => {
				// The document still holds the refused changes and would send them as soon as
				// voting reopens: start again from the server's ballot.
				this.renew();
				void this.whenSynced().then(() => {
					this.#refused = uncountedEntries(changes, this.doc);
				});
			}
		});
	}

	/** The views follow the new document: everything they read may have changed. */
	protected override renewed(): void {
		this.#index.stop();
		this.#index = this.#indexDocument();
		for (const name of MAP_NAMES) this.#changes.dispatchEvent(new Event(name));
	}

	/** Before each change of the user's: voting must be open, and votes again end the report. */
	#startChange() {
		if (!this.#mayWrite()) throw new BallotError('Voting is closed at the moment');
		if (this.#refused.length > 0) this.#refused = [];
	}

	set(framework: FrameworkId, ideaId: string, entry: unknown): void {
		this.#startChange();
		setEntry(this.doc, framework, ideaId, entry);
	}

	clear(framework: FrameworkId, ideaId: string): void {
		this.#startChange();
		if (entriesOf(this.doc, framework).has(ideaId)) clearEntry(this.doc, framework, ideaId);
	}
}

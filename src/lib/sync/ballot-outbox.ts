import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { FRAMEWORK_IDS, type FrameworkId } from '$lib/model/control.ts';
import { CloseCode, MessageType } from '$lib/model/protocol.ts';

/**
 * A change to the user's ballot that the server has not confirmed yet: the Yjs update and the
 * entries it touched (`<framework>|<ideaId>`), which is what the room counts as "not yet sent".
 */
export interface PendingChange {
	update: Uint8Array;
	entries: string[];
}

const DATABASE = 'converge-offline';
const STORE = 'ballot-outbox';

/**
 * Whether the server's state vector shows it has every item the update inserted. An update that
 * only deletes carries no items, so a state vector can never vouch for it.
 */
export function coveredBy(update: Uint8Array, serverState: Map<number, number>): boolean {
	const { to } = Y.parseUpdateMeta(update);
	if (to.size === 0) return false;
	for (const [client, clock] of to) if ((serverState.get(client) ?? 0) < clock) return false;
	return true;
}

/**
 * Whether the server's answer to a sync step 1 (its sync step 2) shows it has the update: the
 * answer holds a client's items from the clock asked for up to everything the server has of that
 * client, so one of its clocks at or past the update's end covers it; an update that only deletes
 * is covered when the answer's deletions (all the server has) hold its own.
 */
export function answeredBy(update: Uint8Array, answer: Uint8Array): boolean {
	if (Y.parseUpdateMeta(update).to.size > 0) {
		return coveredBy(update, Y.parseUpdateMeta(answer).to);
	}
	const deleted = Y.decodeUpdate(answer).ds;
	const own = Y.decodeUpdate(update).ds.clients;
	if (own.size === 0) return false;
	for (const [client, items] of own) {
		for (const { clock, len } of items) {
			for (let c = clock; c < clock + len; c++) {
				if (!Y.isDeleted(deleted, Y.createID(client, c))) return false;
			}
		}
	}
	return true;
}

/**
 * A sync step 1 that asks the server for the changes back: its state vector stops at the first
 * clock of each of their clients, so the answer holds every one of them the server has.
 */
export function askFor(doc: Y.Doc, changes: readonly PendingChange[]): Uint8Array {
	const state = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const change of changes) {
		for (const [client, clock] of Y.parseUpdateMeta(change.update).from) {
			state.set(client, Math.min(state.get(client) ?? clock, clock));
		}
	}
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(state));
	return encoding.toUint8Array(encoder);
}

/** One entry of a ballot: a framework's entry for one idea. */
export interface BallotEntry {
	framework: FrameworkId;
	ideaId: string;
}

/** The distinct entries a list of pending changes touches. */
function touchedEntries(changes: readonly PendingChange[]): BallotEntry[] {
	const entries: BallotEntry[] = [];
	for (const key of new Set(changes.flatMap((change) => change.entries))) {
		const bar = key.indexOf('|');
		const framework = key.slice(0, bar) as FrameworkId;
		if (FRAMEWORK_IDS.includes(framework)) entries.push({ framework, ideaId: key.slice(bar + 1) });
	}
	return entries;
}

/** How many distinct entries a list of pending changes touches. */
export function pendingEntries(changes: readonly PendingChange[]): number {
	return touchedEntries(changes).length;
}

/**
 * The entries of refused changes that did not count: those whose change the server's ballot (a
 * document that holds nothing but what the server sent) does not hold. A change sent just before
 * the connection dropped reached the server without being confirmed; it counted.
 */
export function uncountedEntries(refused: readonly PendingChange[], server: Y.Doc): BallotEntry[] {
	const state = Y.decodeStateVector(Y.encodeStateVector(server));
	return touchedEntries(refused.filter((change) => !coveredBy(change.update, state)));
}

/**
 * Opens the outbox database; with `create` false a missing one is not created (the open fails):
 * clearing an outbox after sign-out deleted them all, when the server then closes the sockets
 * with 4410, must not bring the database back.
 */
function open(create: boolean): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DATABASE, 1);
		request.onupgradeneeded = () => {
			if (create) request.result.createObjectStore(STORE);
			else request.transaction?.abort();
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function run<T>(
	mode: IDBTransactionMode,
	act: (store: IDBObjectStore) => IDBRequest<T>,
	create = true
): Promise<T> {
	const db = await open(create);
	try {
		return await new Promise<T>((resolve, reject) => {
			const request = act(db.transaction(STORE, mode).objectStore(STORE));
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	} finally {
		db.close();
	}
}

/**
 * The ballot changes of one user in one workshop that the server has not confirmed, kept in
 * IndexedDB so that votes cast offline survive a page reload. Only unconfirmed changes are kept,
 * never the ballot as the server has it (see docs/architecture.md, "Offline voting"). Where
 * IndexedDB is unavailable (some private windows) the outbox works in memory only.
 */
export class BallotOutbox {
	readonly key: string;
	#writes: Promise<unknown> = Promise.resolve();

	constructor(workshopId: string, userId: string) {
		this.key = `${workshopId}:${userId}`;
	}

	async load(): Promise<PendingChange[]> {
		// What was saved before is what a load must see (a renewed ballot loads right after
		// its refused changes were cleared).
		await this.#writes;
		try {
			const stored = await run<unknown>('readonly', (store) => store.get(this.key));
			return Array.isArray(stored) ? stored.filter(isPendingChange) : [];
		} catch {
			return [];
		}
	}

	/** Replaces what is stored; writes happen in the order they were asked for. */
	save(changes: readonly PendingChange[]): Promise<void> {
		const snapshot = changes.map((change) => ({ ...change }));
		return this.#queue(() =>
			snapshot.length === 0
				? run('readwrite', (store) => store.delete(this.key), false)
				: run('readwrite', (store) => store.put(snapshot, this.key))
		);
	}

	clear(): Promise<void> {
		return this.save([]);
	}

	#queue(write: () => Promise<unknown>): Promise<void> {
		const next = this.#writes.then(write).catch(() => undefined);
		this.#writes = next;
		return next.then(() => undefined);
	}
}

function isPendingChange(value: unknown): value is PendingChange {
	if (typeof value !== 'object' || value === null) return false;
	const { update, entries } = value as Partial<PendingChange>;
	return (
		update instanceof Uint8Array &&
		Array.isArray(entries) &&
		entries.every((e) => typeof e === 'string')
	);
}

/** Deletes every ballot outbox in this browser: on sign-out, nothing of the user stays behind. */
export function forgetOfflineBallots(): Promise<void> {
	return new Promise((resolve) => {
		try {
			const request = indexedDB.deleteDatabase(DATABASE);
			request.onsuccess = request.onerror = request.onblocked = () => resolve();
		} catch {
			resolve();
		}
	});
}

/** The origin of changes replayed from the outbox after a reload: they are pending already. */
const REPLAYED = Symbol('replayed from the outbox');

/** How long after a change the server is asked to confirm it (changes come in bursts). */
const CONFIRM_DELAY_MS = 300;

/** The ballot entries a transaction changed, as `<framework>|<ideaId>`. */
function changedEntries(doc: Y.Doc, transaction: Y.Transaction): string[] {
	const names = new Map<unknown, string>();
	for (const [name, type] of doc.share) names.set(type, name);
	const entries: string[] = [];
	for (const [type, keys] of transaction.changed) {
		const framework = names.get(type);
		if (!framework || !FRAMEWORK_IDS.includes(framework as FrameworkId)) continue;
		for (const key of keys) if (key !== null) entries.push(`${framework}|${key}`);
	}
	return entries;
}

export interface OutboxSyncOptions {
	provider: WebsocketProvider;
	doc: Y.Doc;
	outbox: BallotOutbox;
	/** Whether voting is open for this person now (the server decides the same at connect time). */
	mayWrite: () => boolean;
	/** Resolves once `mayWrite` reflects the server's present state. */
	permissionsKnown: () => Promise<void>;
	/** The owner's list of unconfirmed changes: `set` also stores it, `load` adds stored ones. */
	pending: {
		get(): PendingChange[];
		set(changes: PendingChange[]): void;
		load(stored: PendingChange[]): void;
	};
	/**
	 * Told which changes the server refused, once they are out of the list and the outbox. The
	 * document still holds them: the owner must not let it send them later.
	 */
	refused(changes: PendingChange[]): void;
}

/**
 * Keeps every change of the user in the outbox until the server confirms it, and replays the
 * outbox of an earlier page once the server's ballot is here and voting is known to be open:
 *
 * - confirmed: the server's state vector at connect (its sync step 1) shows the change's items,
 *   or an answer of the server to a sync step 1 (its sync step 2) holds the change; the server
 *   sends both only once what they show is stored (server/SPEC.md [VD2]), so a confirmed change
 *   survives a crash of the server. Some time after a change the client asks for it back;
 * - refused: the ballot synced while voting was closed and the server did not have the change. It
 *   is dropped from the outbox, so a stored copy can never bring it back once voting reopens, and
 *   the owner is told, to drop it from the document too.
 *
 * Returns the function that stops it.
 */
export function syncOutbox(options: OutboxSyncOptions): () => void {
	const { provider, doc, outbox, mayWrite, pending } = options;
	let replay = new Set<PendingChange>();
	let confirmTimer: ReturnType<typeof setTimeout> | null = null;
	const loading = outbox.load().then((stored) => {
		replay = new Set(stored);
		pending.load(stored);
	});

	const askServer = () => {
		confirmTimer = null;
		const ws = provider.ws;
		const unconfirmed = pending.get().filter((change) => !replay.has(change));
		if (!provider.synced || !ws || unconfirmed.length === 0 || !mayWrite()) return;
		ws.send(askFor(doc, unconfirmed));
	};
	const confirmSoon = () => {
		if (confirmTimer === null) confirmTimer = setTimeout(askServer, CONFIRM_DELAY_MS);
	};

	const record = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
		if (origin === provider || origin === REPLAYED) return;
		pending.set([...pending.get(), { update, entries: changedEntries(doc, tr) }]);
		confirmSoon();
	};
	doc.on('update', record);

	const handleSync = provider.messageHandlers[MessageType.Sync];
	const confirm = (stored: (update: Uint8Array) => boolean) => {
		const left = pending.get().filter((change) => !stored(change.update));
		if (left.length < pending.get().length) pending.set(left);
	};
	provider.messageHandlers[MessageType.Sync] = (encoder, decoder, ...rest) => {
		const peek = decoding.clone(decoder);
		const kind = decoding.readVarUint(peek);
		// Not a plain update (the server forwards those at once): only these wait for the commit.
		if (kind === syncProtocol.messageYjsSyncStep1) {
			const serverState = Y.decodeStateVector(decoding.readVarUint8Array(peek));
			confirm((update) => coveredBy(update, serverState));
		} else if (kind === syncProtocol.messageYjsSyncStep2) {
			const answer = decoding.readVarUint8Array(peek);
			confirm((update) => answeredBy(update, answer));
		}
		handleSync(encoder, decoder, ...rest);
	};

	const settle = async () => {
		await loading;
		await options.permissionsKnown();
		if (!provider.synced) return;
		if (mayWrite()) {
			const replaying = [...replay];
			replay = new Set();
			Y.transact(doc, () => {
				for (const change of replaying) Y.applyUpdate(doc, change.update, REPLAYED);
			});
			confirmSoon();
		} else if (pending.get().length > 0) {
			const refused = pending.get();
			replay = new Set();
			pending.set([]);
			options.refused(refused);
		}
	};
	const onSync = (synced: boolean) => {
		if (synced) void settle();
	};
	const onClosed = (event: { code: number }) => {
		// Removed from the workshop: nothing of theirs may linger in this browser.
		if (event.code !== CloseCode.AccessRevoked) return;
		replay = new Set();
		pending.set([]);
	};
	provider.on('sync', onSync);
	provider.on('closed', onClosed);

	return () => {
		if (confirmTimer !== null) clearTimeout(confirmTimer);
		doc.off('update', record);
		provider.messageHandlers[MessageType.Sync] = handleSync;
		provider.off('sync', onSync);
		provider.off('closed', onClosed);
	};
}

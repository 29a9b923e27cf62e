import * as Y from 'yjs';
import type { Database, Queryable } from '../db/connection.ts';
import { inList, sql, valuesList } from '../db/sql.ts';
import { metrics } from '../ops/metrics.ts';
import { parseDocumentName } from './documents.ts';

/** How a room's document is stored: load it, append accepted updates, fold them into a snapshot. */
export interface DocumentStore {
	load(document: string): Promise<Uint8Array[]>;
	/** Queues an update; it is written by the next group commit. */
	append(document: string, update: Uint8Array): void;
	/**
	 * Null when every update appended so far is committed; otherwise resolves once they are
	 * (waiting through failed writes, which are retried). What the server shows or confirms to
	 * clients waits for this, so that a crash cannot take back anything they saw ([VD1], [VD2]).
	 */
	whenCommitted(): Promise<void> | null;
	/**
	 * Writes what is queued now, whatever the delay, and resolves once everything appended before
	 * the call is written, or a write failed (it stays queued and is retried).
	 */
	flush(): Promise<void>;
	/** Merges the document's stored updates into its snapshot, deleting exactly the rows merged. */
	compact(document: string): Promise<void>;
	/** Number of updates appended since the last compaction of this document, by this process. */
	appendedSince(document: string): number;
	close(): Promise<void>;
}

export interface StoreOptions {
	/**
	 * How long an update waits before its commit starts when no commit is in flight. 0 (the
	 * default) starts it at once; a larger value trades latency for fewer, larger writes.
	 */
	commitIntervalMs?: number;
	log?: (message: string, details?: Record<string, unknown>) => void;
	/**
	 * Set when several processes share the database (server/cluster): every write of a
	 * workshop's documents carries the epoch this process owns the workshop with, and the
	 * database refuses it when the workshop's current epoch is another ([SX3]).
	 */
	fence?: Fence;
}

/** What the store needs from the process's ownership of workshops ([SX3]). */
export interface Fence {
	/** The epoch this process owns the workshop with; undefined when it does not own it. */
	epochOf(workshopId: string): number | undefined;
	/**
	 * Told, before the refused updates count as done, that writes of the workshop were refused:
	 * another process owns it now. The refused updates are dropped (never confirmed to anyone);
	 * their clients still hold them and resend them to the new owner.
	 */
	refused(workshopId: string): void;
}

/** The workshop a stored document belongs to (every document name carries one). */
function workshopOf(document: string): string {
	return parseDocumentName(document)?.workshopId ?? document;
}

/**
 * The workshops among `workshopIds` whose current epoch is not the one this process holds,
 * read under a share lock (held until the transaction ends), so that a new owner's claim, which
 * updates the row, waits for this transaction's writes and no write of an old epoch can follow
 * the claim.
 */
async function fencedOut(tx: Queryable, fence: Fence, workshopIds: string[]): Promise<Set<string>> {
	const rows = await tx.query<{ workshop_id: string; epoch: string }>(sql`
		select workshop_id, epoch::text as epoch from workshop_epochs
		where workshop_id in ${inList(workshopIds)} for share`);
	const current = new Map(rows.map((r) => [r.workshop_id, Number(r.epoch)]));
	return new Set(workshopIds.filter((id) => current.get(id) !== fence.epochOf(id)));
}

const ROWS_PER_STATEMENT = 1000;
const COMPACT_BATCH = 5000;
/** How long a failed group commit first waits before it is tried again; it doubles per failure. */
const RETRY_MS = 100;
/** Longest pause between retries of a failed group commit (an outage must not spin the log). */
const MAX_RETRY_MS = 5000;

/**
 * Group commit: an update is written as soon as no commit is in flight (after the updates that
 * arrived in the same turn of the event loop, which join it); updates that arrive while a commit
 * is in flight are written together by the next one, one multi-row INSERT per 1000 rows. So an
 * idle server commits a vote within milliseconds, and a busy one batches by itself. A failed write
 * stays queued and is retried, after a pause that doubles with each failure in a row (up to
 * MAX_RETRY_MS); the first failure and the recovery are logged, not every attempt.
 */
export function createDocumentStore(db: Database, options: StoreOptions = {}): DocumentStore {
	const interval = options.commitIntervalMs ?? 0;
	let queue: { document: string; data: Uint8Array }[] = [];
	/** Updates appended, and committed, since the store was created: committed ones are a prefix. */
	let appendedCount = 0;
	let committedCount = 0;
	/** Who waits for a count of committed updates, in order. */
	const waiters: { upTo: number; promise: Promise<void>; resolve: () => void }[] = [];
	/** The pending start of a commit (after the delay, or a retry), or null. */
	let cancelStart: (() => void) | null = null;
	/** The commit in flight: resolves true once the queue is written, false when a write failed. */
	let writing: Promise<boolean> | null = null;
	/** Failed attempts since the last successful write. */
	let failures = 0;
	const appended = new Map<string, number>();
	const compacting = new Map<string, Promise<void>>();

	function startSoon(delay: number) {
		if (cancelStart || writing) return;
		const start = () => {
			cancelStart = null;
			void write();
		};
		if (delay > 0) {
			const timer = setTimeout(start, delay);
			cancelStart = () => clearTimeout(timer);
		} else {
			const immediate = setImmediate(start);
			cancelStart = () => clearImmediate(immediate);
		}
	}

	function markCommitted(count: number) {
		committedCount += count;
		while (waiters.length > 0 && waiters[0].upTo <= committedCount) waiters.shift()!.resolve();
	}

	function write(): Promise<boolean> {
		cancelStart?.();
		cancelStart = null;
		writing ??= (async () => {
			try {
				while (queue.length > 0) {
					const batch = queue.slice(0, ROWS_PER_STATEMENT);
					const timed = metrics.groupCommitSeconds.startTimer();
					if (options.fence) {
						await writeFenced(batch, options.fence);
					} else {
						await db.query(
							sql`insert into document_updates (document, data) values ${valuesList(batch.map((u) => [u.document, u.data]))}`
						);
					}
					timed();
					queue = queue.slice(batch.length);
					markCommitted(batch.length);
					if (failures > 0) {
						options.log?.('group commit succeeded again', { failedAttempts: failures });
						failures = 0;
					}
				}
				return true;
			} catch (error) {
				failures++;
				if (failures === 1) {
					options.log?.('group commit failed; retrying', { error: String(error) });
				}
				return false;
			}
		})().then((ok) => {
			writing = null;
			// What arrived during the last statement (or everything, after a failure) goes next.
			if (queue.length > 0) {
				startSoon(ok ? interval : Math.min(RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS));
			}
			return ok;
		});
		return writing;
	}

	/** One group commit's statement when processes share the database: see `fencedOut`. */
	async function writeFenced(batch: { document: string; data: Uint8Array }[], fence: Fence) {
		const workshops = [...new Set(batch.map((u) => workshopOf(u.document)))];
		const refused = await db.transaction(async (tx) => {
			const out = await fencedOut(tx, fence, workshops);
			const kept = batch.filter((u) => !out.has(workshopOf(u.document)));
			if (kept.length > 0) {
				await tx.query(
					sql`insert into document_updates (document, data) values ${valuesList(kept.map((u) => [u.document, u.data]))}`
				);
			}
			return out;
		});
		for (const workshopId of refused) fence.refused(workshopId);
	}

	async function flush() {
		const upTo = appendedCount;
		while (committedCount < upTo) {
			if (!(await write())) return;
		}
	}

	async function compactOnce(document: string) {
		const { fence } = options;
		const refused = await db.transaction(async (tx) => {
			if (fence && (await fencedOut(tx, fence, [workshopOf(document)])).size > 0) return true;
			const rows = await tx.query<{ id: string; data: Uint8Array }>(sql`
				select id::text as id, data from document_updates
				where document = ${document} order by document_updates.id limit ${COMPACT_BATCH}`);
			if (rows.length === 0) return false;
			const snapshot = await tx.query<{ data: Uint8Array }>(
				sql`select data from document_snapshots where document = ${document} for update`
			);
			const doc = new Y.Doc();
			Y.transact(doc, () => {
				if (snapshot[0]) Y.applyUpdate(doc, new Uint8Array(snapshot[0].data));
				for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
			});
			const merged = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			await tx.query(sql`
				insert into document_snapshots (document, data, updated_at) values (${document}, ${merged}, now())
				on conflict (document) do update set data = excluded.data, updated_at = now()`);
			await tx.query(
				sql`delete from document_updates where id in ${inList(rows.map((r) => r.id))}`
			);
			return false;
		});
		if (refused) fence!.refused(workshopOf(document));
	}

	return {
		async load(document) {
			const snapshot = await db.query<{ data: Uint8Array }>(
				sql`select data from document_snapshots where document = ${document}`
			);
			// Every remaining row, whatever its id: compaction deletes exactly what it merged.
			const updates = await db.query<{ data: Uint8Array }>(
				sql`select data from document_updates where document = ${document} order by id`
			);
			const pending: Uint8Array[] = queue.filter((u) => u.document === document).map((u) => u.data);
			const stored: Uint8Array[] = [...snapshot, ...updates].map((r) => new Uint8Array(r.data));
			return stored.concat(pending);
		},
		append(document, data) {
			queue.push({ document, data });
			appendedCount++;
			appended.set(document, (appended.get(document) ?? 0) + 1);
			startSoon(interval);
		},
		whenCommitted() {
			if (committedCount >= appendedCount) return null;
			const last = waiters.at(-1);
			if (last?.upTo === appendedCount) return last.promise;
			let resolve!: () => void;
			const promise = new Promise<void>((r) => (resolve = r));
			waiters.push({ upTo: appendedCount, promise, resolve });
			return promise;
		},
		flush,
		compact(document) {
			const previous = compacting.get(document) ?? Promise.resolve();
			const next = previous.then(async () => {
				await flush();
				appended.set(document, 0);
				await compactOnce(document);
			});
			compacting.set(document, next);
			return next.finally(() => {
				if (compacting.get(document) === next) compacting.delete(document);
			});
		},
		appendedSince(document) {
			return appended.get(document) ?? 0;
		},
		async close() {
			await flush();
			await Promise.allSettled(compacting.values());
			// The database closes next: what could not be written stays unwritten.
			cancelStart?.();
			cancelStart = null;
		}
	};
}

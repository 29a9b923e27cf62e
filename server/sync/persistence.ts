import * as Y from 'yjs';
import type { Database } from '../db/connection.ts';
import { inList, sql, valuesList } from '../db/sql.ts';

/** How a room's document is stored: load it, append accepted updates, fold them into a snapshot. */
export interface DocumentStore {
	load(document: string): Promise<Uint8Array[]>;
	/** Queues an update; it is written by the next group commit. */
	append(document: string, update: Uint8Array): void;
	/** Resolves once everything appended before the call is written. */
	flush(): Promise<void>;
	/** Merges the document's stored updates into its snapshot, deleting exactly the rows merged. */
	compact(document: string): Promise<void>;
	/** Number of updates appended since the last compaction of this document, by this process. */
	appendedSince(document: string): number;
	close(): Promise<void>;
}

export interface StoreOptions {
	/** Longest an update waits in memory before its group commit starts. */
	commitIntervalMs?: number;
	log?: (message: string, details?: Record<string, unknown>) => void;
}

const ROWS_PER_STATEMENT = 1000;
/** Longest pause between retries of a failed group commit (an outage must not spin the log). */
const MAX_RETRY_MS = 5000;
const COMPACT_BATCH = 5000;

/**
 * Group commit: updates from every room wait at most `commitIntervalMs`, then go to the database
 * in one multi-row INSERT. A failed write stays queued and is retried, after a pause that
 * doubles with each failure in a row (up to MAX_RETRY_MS); the first failure and the recovery are
 * logged, not every attempt.
 */
export function createDocumentStore(db: Database, options: StoreOptions = {}): DocumentStore {
	const interval = options.commitIntervalMs ?? 50;
	let queue: { document: string; data: Uint8Array }[] = [];
	let timer: NodeJS.Timeout | undefined;
	let writing: Promise<void> = Promise.resolve();
	/** Failed attempts since the last successful write. */
	let failures = 0;
	const appended = new Map<string, number>();
	const compacting = new Map<string, Promise<void>>();

	function schedule(delay = interval) {
		timer ??= setTimeout(() => {
			timer = undefined;
			void write();
		}, delay);
	}

	function write(): Promise<void> {
		writing = writing.then(async () => {
			while (queue.length > 0) {
				const batch = queue.slice(0, ROWS_PER_STATEMENT);
				try {
					await db.query(
						sql`insert into document_updates (document, data) values ${valuesList(batch.map((u) => [u.document, u.data]))}`
					);
					queue = queue.slice(batch.length);
				} catch (error) {
					failures++;
					if (failures === 1) {
						options.log?.('group commit failed; retrying', { error: String(error) });
					}
					schedule(Math.min(interval * 2 ** failures, MAX_RETRY_MS));
					return;
				}
				if (failures > 0) {
					options.log?.('group commit succeeded again', { failedAttempts: failures });
					failures = 0;
				}
			}
		});
		return writing;
	}

	async function compactOnce(document: string) {
		await db.transaction(async (tx) => {
			const rows = await tx.query<{ id: string; data: Uint8Array }>(sql`
				select id::text as id, data from document_updates
				where document = ${document} order by document_updates.id limit ${COMPACT_BATCH}`);
			if (rows.length === 0) return;
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
		});
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
			appended.set(document, (appended.get(document) ?? 0) + 1);
			schedule();
		},
		flush() {
			clearTimeout(timer);
			timer = undefined;
			return write();
		},
		compact(document) {
			const previous = compacting.get(document) ?? Promise.resolve();
			const next = previous.then(async () => {
				await write();
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
			await this.flush();
			await Promise.allSettled(compacting.values());
		}
	};
}

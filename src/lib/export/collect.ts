import type { ExportChunk } from '$lib/model/export.ts';

/**
 * Runs an export written in pieces (csvChunks, jsonChunks…) without blocking the page: pieces are
 * taken for at most `sliceMs` at a time, then the event loop gets a turn (input, sync messages,
 * rendering) before the next slice. Progress is reported after every slice; an aborted signal
 * stops the export between two pieces with the signal's reason.
 */

export interface ExportProgress {
	phase: ExportChunk['phase'];
	done: number;
	total: number;
}

export interface CollectOptions {
	/** MIME type of the Blob. */
	type: string;
	signal?: AbortSignal;
	onprogress?: (progress: ExportProgress) => void;
	/** Longest stretch of work between two turns of the event loop; 12 ms leaves a frame room. */
	sliceMs?: number;
	/** Text put before the first piece, e.g. a byte order mark so Excel reads UTF-8. */
	prefix?: string;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function collectExport(
	chunks: Iterable<ExportChunk>,
	options: CollectOptions
): Promise<Blob> {
	const { type, signal, onprogress, sliceMs = 12, prefix } = options;
	const parts: string[] = prefix ? [prefix] : [];
	let sliceStart = performance.now();
	let last: ExportChunk | null = null;
	signal?.throwIfAborted();
	for (const chunk of chunks) {
		if (chunk.text) parts.push(chunk.text);
		last = chunk;
		if (performance.now() - sliceStart >= sliceMs) {
			onprogress?.({ phase: chunk.phase, done: chunk.rows, total: chunk.total });
			await nextTask();
			signal?.throwIfAborted();
			sliceStart = performance.now();
		}
	}
	if (last) onprogress?.({ phase: last.phase, done: last.rows, total: last.total });
	return new Blob(parts, { type });
}

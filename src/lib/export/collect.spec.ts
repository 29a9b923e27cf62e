import { describe, expect, it } from 'vitest';
import type { ExportChunk } from '$lib/model/export.ts';
import { collectExport, type ExportProgress } from './collect.ts';

/** Pieces that each take `ms` of busy work, as a large export's do. */
function* slow(count: number, ms: number): Generator<ExportChunk> {
	for (let i = 1; i <= count; i++) {
		const until = performance.now() + ms;
		while (performance.now() < until);
		yield { phase: 'write', text: `${i};`, rows: i, total: count };
	}
}

describe('collectExport', () => {
	it('joins the pieces into a Blob after the prefix and reports progress up to the end', async () => {
		const progress: ExportProgress[] = [];
		const blob = await collectExport(slow(10, 3), {
			type: 'text/csv',
			prefix: '\ufeff',
			sliceMs: 5,
			onprogress: (p) => progress.push(p)
		});
		expect(blob.type).toBe('text/csv');
		// text() decodes UTF-8 and drops the byte order mark, so look at the bytes.
		const bytes = new Uint8Array(await blob.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes.slice(3))).toBe('1;2;3;4;5;6;7;8;9;10;');
		expect(progress.length).toBeGreaterThan(2);
		expect(progress.at(-1)).toEqual({ phase: 'write', done: 10, total: 10 });
	});

	it('gives the event loop a turn between slices', async () => {
		let ticks = 0;
		const timer = setInterval(() => ticks++, 0);
		await collectExport(slow(20, 4), { type: 'text/plain', sliceMs: 8 });
		clearInterval(timer);
		expect(ticks).toBeGreaterThanOrEqual(5);
	});

	it('stops between pieces when the signal aborts', async () => {
		const controller = new AbortController();
		let taken = 0;
		function* counted() {
			for (const chunk of slow(50, 2)) {
				taken++;
				yield chunk;
			}
		}
		const run = collectExport(counted(), {
			type: 'text/plain',
			sliceMs: 4,
			signal: controller.signal,
			onprogress: (p) => {
				if (p.done >= 6) controller.abort(new DOMException('Cancelled', 'AbortError'));
			}
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(taken).toBeLessThan(50);
	});
});

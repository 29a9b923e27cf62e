import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from './connection.ts';
import { sql } from './sql.ts';

/** The arguments of every child process the module under test started. */
const children = vi.hoisted(() => [] as string[][]);
vi.mock('node:child_process', async (importOriginal) => {
	const actual = await importOriginal<typeof import('node:child_process')>();
	const execFile = (...args: Parameters<typeof actual.execFile>) => {
		children.push(args[1] as string[]);
		return actual.execFile(...args);
	};
	return { ...actual, execFile };
});

describe('openDatabase on PGlite', () => {
	it('[TJ2] creates a new data directory apart, then opens it with 16 MB of shared buffers', async () => {
		const parent = await mkdtemp(join(tmpdir(), 'converge-pglite-'));
		const dataDir = join(parent, 'data');
		try {
			const db = await openDatabase({ dataDir });
			try {
				expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
				expect(children).toHaveLength(1);
				expect(children[0].at(-1)).toBe(dataDir);
				const [row] = await db.query<{ shared_buffers: string }>(sql`show shared_buffers`);
				expect(row.shared_buffers).toBe('16MB');
			} finally {
				await db.close();
			}
			// The directory it made opens again as it is, without another child.
			const again = await openDatabase({ dataDir });
			expect(await again.query(sql`select 1 as one`)).toEqual([{ one: 1 }]);
			await again.close();
			expect(children).toHaveLength(1);
		} finally {
			await rm(parent, { recursive: true, force: true });
		}
	}, 300_000);
});

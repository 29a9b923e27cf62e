import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, buildIfChanged, sourceFingerprint } from './build-once.ts';

let root: string;
beforeEach(async () => {
	root = await mkdtemp(join(tmpdir(), 'converge-build-'));
	await mkdir(join(root, 'src', 'lib'), { recursive: true });
	await writeFile(join(root, 'src', 'app.html'), '<html></html>');
	await writeFile(join(root, 'src', 'lib', 'a.ts'), 'export const a = 1;');
	await writeFile(join(root, 'package-lock.json'), '{}');
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('sourceFingerprint', () => {
	it('is the same for an unchanged tree', async () => {
		expect(await sourceFingerprint(root)).toBe(await sourceFingerprint(root));
	});

	it('changes when a source file or the lockfile changes', async () => {
		const before = await sourceFingerprint(root);
		await writeFile(join(root, 'src', 'lib', 'a.ts'), 'export const a = 2;');
		const edited = await sourceFingerprint(root);
		expect(edited).not.toBe(before);
		await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
		expect(await sourceFingerprint(root)).not.toBe(edited);
	});

	it('changes when a file is added or renamed', async () => {
		const before = await sourceFingerprint(root);
		await writeFile(join(root, 'src', 'lib', 'b.ts'), '');
		expect(await sourceFingerprint(root)).not.toBe(before);
	});

	it('ignores unit tests, which the build does not serve', async () => {
		const before = await sourceFingerprint(root);
		await writeFile(join(root, 'src', 'lib', 'a.spec.ts'), 'it("x", () => {});');
		expect(await sourceFingerprint(root)).toBe(before);
	});
});

describe('buildIfChanged', () => {
	it('does not build again when build/ was made from the current sources', async () => {
		await mkdir(join(root, 'build'));
		await writeFile(join(root, 'build', 'handler.js'), '');
		await writeFile(join(root, BUILD_STAMP), (await sourceFingerprint(root)) + '\n');
		const said: string[] = [];
		expect(await buildIfChanged(root, (line) => said.push(line))).toBe('current');
		expect(said).toEqual([]);
	});

	it('builds when the sources changed since the stamp, and says so', async () => {
		await mkdir(join(root, 'build'));
		await writeFile(join(root, 'build', 'handler.js'), '');
		await writeFile(join(root, BUILD_STAMP), 'stale\n');
		const said: string[] = [];
		// This tree has no vite to build with, so the build fails: what matters is that it tried.
		await expect(buildIfChanged(root, (line) => said.push(line))).rejects.toThrow(/sync failed/);
		expect(said[0]).toMatch(/Building Converge/);
	});
});

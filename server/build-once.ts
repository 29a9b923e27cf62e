import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from './ops/log.ts';

/** What the production build is made from: a change in any of these makes the build stale. */
const BUILD_INPUTS = [
	'src',
	'server',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package-lock.json'
];

/** Written into build/ after a successful build: the fingerprint of the sources it was made from. */
export const BUILD_STAMP = join('build', '.sources');

/**
 * A hash of every build input's path and content. Unit tests (`*.spec.ts`) are left out: editing
 * a test does not change what the build serves.
 */
export async function sourceFingerprint(root: string, inputs = BUILD_INPUTS): Promise<string> {
	const hash = createHash('sha256');
	for (const input of inputs) {
		for (const file of await filesUnder(root, input)) {
			hash
				.update(file)
				.update('\0')
				.update(await readFile(join(root, file)))
				.update('\0');
		}
	}
	return hash.digest('hex');
}

async function filesUnder(root: string, path: string): Promise<string[]> {
	let entries;
	try {
		entries = await readdir(join(root, path), { withFileTypes: true });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOTDIR') return [path];
		if (code === 'ENOENT') return [];
		throw error;
	}
	const files: string[] = [];
	for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
		const child = join(path, entry.name);
		if (entry.isDirectory()) files.push(...(await filesUnder(root, child)));
		else if (entry.isFile() && !entry.name.endsWith('.spec.ts')) files.push(child);
	}
	return files;
}

/** The fingerprint the current build was made from, if there is a build. */
async function builtFrom(root: string): Promise<string | undefined> {
	try {
		await readFile(join(root, 'build', 'handler.js'));
		return (await readFile(join(root, BUILD_STAMP), 'utf8')).trim();
	} catch {
		return undefined;
	}
}

/**
 * Builds the app unless build/ was made from exactly the current sources. The build's own output
 * (chunk tables, hints meant for other workflows) is kept back and shown only when it fails.
 */
export async function buildIfChanged(
	root: string,
	say: (line: string) => void = (line) => log(line)
): Promise<'built' | 'current'> {
	const fingerprint = await sourceFingerprint(root);
	if ((await builtFrom(root)) === fingerprint) return 'current';
	say('Building Converge (first start, or the sources changed): this takes about half a minute…');
	const started = Date.now();
	await quietly(root, join('node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), ['sync']);
	await quietly(root, join('node_modules', 'vite', 'bin', 'vite.js'), ['build']);
	await writeFile(join(root, BUILD_STAMP), fingerprint + '\n');
	say(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
	return 'built';
}

function quietly(root: string, script: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [script, ...args], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`${args.join(' ')} failed (exit ${code}):\n${output}`));
		});
	});
}

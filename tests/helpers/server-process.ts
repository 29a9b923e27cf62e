import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerProcess {
	url: string;
	child: ChildProcess;
	output: () => string;
	/** SIGTERM, and resolves with the exit code. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a server entry (by default the production one, server/index.ts, serving the last
 * `vite build`) on a free port and resolves once it prints its URL. Without DATA_DIR it gets its
 * own PGlite directory (used when DATABASE_URL is unset).
 */
export async function startServerProcess(
	env: Record<string, string | undefined> = {},
	entry = 'server/index.ts'
): Promise<ServerProcess> {
	const dataDir = env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'converge-')));
	const child = spawn(process.execPath, ['--import', 'tsx', entry], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			// The framework harness (/dev/frameworks) is a 404 in production unless asked for.
			CONVERGE_DEV_PAGES: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /running at (http:\/\/[\d.]+:\d+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		});
	});
	return {
		url,
		child,
		output: () => output,
		stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) {
				return Promise.resolve(child.exitCode);
			}
			return new Promise((resolve) => {
				child.once('exit', (code) => resolve(code));
				child.kill(signal);
			});
		}
	};
}

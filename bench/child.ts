import { spawn, type ChildProcess } from 'node:child_process';

export interface StopResult {
	ms: number;
	killed: boolean;
}

/** A server under test, in a process of its own so it has a core to itself. */
export interface ServerChild {
	pid: number;
	port: number;
	/** The last lines it printed, for error messages. */
	output(): string;
	/**
	 * SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with how long it took
	 * and whether it had to be killed.
	 */
	stop(graceMs?: number): Promise<StopResult>;
}

const running = new Set<ChildProcess>();
let guarded = false;

/** Kills every child still running when this process exits or is interrupted. */
function guard() {
	if (guarded) return;
	guarded = true;
	process.on('exit', () => {
		for (const child of running) child.kill('SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			for (const child of running) child.kill('SIGKILL');
			process.exit(130);
		});
	}
}

/**
 * Starts `entry` (TypeScript, through tsx) and resolves once it prints
 * "running at http://127.0.0.1:PORT". The child also gets an IPC channel: if this process dies
 * without killing it, the channel closes and the child stops itself ('disconnect').
 */
export async function startChild(
	entry: string,
	env: Record<string, string | undefined>,
	timeoutMs = 120_000
): Promise<ServerChild> {
	guard();
	// BENCH_CPU_PROF_DIR: the server writes a V8 CPU profile there when it exits (--cpu-prof).
	const profile = process.env.BENCH_CPU_PROF_DIR
		? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
		: [];
	const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	let tail = '';
	const keep = (chunk: Buffer) => {
		tail = (tail + chunk.toString()).slice(-8000);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const stop = (graceMs = 30_000) =>
		new Promise<StopResult>((resolve) => {
			const start = performance.now();
			if (child.exitCode !== null || child.signalCode !== null) {
				return resolve({ ms: 0, killed: false });
			}
			let killed = false;
			const kill = setTimeout(() => {
				killed = true;
				child.kill('SIGKILL');
			}, graceMs);
			child.once('exit', () => {
				clearTimeout(kill);
				resolve({ ms: performance.now() - start, killed });
			});
			child.kill('SIGTERM');
		});
	try {
		const port = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${tail}`)),
				timeoutMs
			);
			const onData = () => {
				const match = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(tail);
				if (!match) return;
				clearTimeout(timer);
				child.stdout!.off('data', onData);
				resolve(Number(match[1]));
			};
			child.stdout!.on('data', onData);
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`${entry} exited with ${code}:\n${tail}`));
			});
		});
		return { pid: child.pid!, port, output: () => tail, stop };
	} catch (error) {
		await stop(1000);
		throw error;
	}
}

import { readFileSync } from 'node:fs';

/** Busy CPU time of the whole machine (all cores) from /proc/stat, in seconds of one core. */
function readTimes(): { busy: number } | null {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
		// user nice system idle iowait irq softirq steal …
		const [user, nice, system, , , irq, , steal] = line.trim().split(/\s+/).slice(1).map(Number);
		// softirq is left out: it is mostly the loopback traffic of the bench itself, which
		// /proc/<pid>/stat does not count for any process. Steal is in: the VM's cores were taken.
		return { busy: (user + nice + system + (irq ?? 0) + (steal ?? 0)) / 100 };
	} catch {
		return null;
	}
}

/**
 * How busy the whole machine is, in cores. The project's machines are shared: other work on them
 * slows every target, so each run records how much CPU was used by everyone.
 */
export function sampleMachine(): { stop(): { busyCores: number } } {
	const start = readTimes();
	const at = performance.now();
	return {
		stop() {
			const end = readTimes();
			const seconds = (performance.now() - at) / 1000;
			if (!start || !end || seconds <= 0) return { busyCores: NaN };
			return { busyCores: (end.busy - start.busy) / seconds };
		}
	};
}

/**
 * Waits, at most `maxSeconds`, until the machine has been nearly idle (under `threshold` cores
 * busy) for three seconds in a row; resolves with the busy cores last seen.
 */
export async function waitForQuiet(maxSeconds: number, threshold = 0.3): Promise<number> {
	const deadline = performance.now() + maxSeconds * 1000;
	let quietFor = 0;
	let busy = NaN;
	// At least one sample, so that a run without waiting still records the state of the machine.
	while (Number.isNaN(busy) || performance.now() < deadline) {
		const sample = sampleMachine();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		busy = sample.stop().busyCores;
		quietFor = busy < threshold ? quietFor + 1 : 0;
		if (quietFor >= 3) break;
	}
	return busy;
}

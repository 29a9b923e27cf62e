import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface Sample {
	at: number;
	cpuSeconds: number;
	rssBytes: number;
}

function read(pid: number): Sample | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name, which is in parentheses and may contain spaces.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[11]) + Number(fields[12]);
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		return { at: performance.now(), cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
	} catch {
		return null;
	}
}

export interface ProcessUsage {
	/** Mean CPU over the window, in % of one core. */
	cpuPercent: number;
	/** Highest CPU over any one sampling interval, in % of one core. */
	cpuPeakPercent: number;
	/** CPU time used over the window. */
	cpuSeconds: number;
	rssPeakBytes: number;
}

/** Samples another process's CPU time and resident memory from /proc until stopped. */
export function sampleProcess(pid: number, intervalMs = 1000): { stop(): ProcessUsage } {
	const samples: Sample[] = [];
	const take = () => {
		const sample = read(pid);
		if (sample) samples.push(sample);
	};
	take();
	const timer = setInterval(take, intervalMs);
	// A run that failed before stopping its sampler must not keep the bench alive.
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
			take();
			let cpuPeakPercent = 0;
			for (let i = 1; i < samples.length; i++) {
				const dt = (samples[i].at - samples[i - 1].at) / 1000;
				if (dt >= intervalMs / 2000) {
					const percent = ((samples[i].cpuSeconds - samples[i - 1].cpuSeconds) / dt) * 100;
					cpuPeakPercent = Math.max(cpuPeakPercent, percent);
				}
			}
			const first = samples[0];
			const last = samples[samples.length - 1];
			const seconds = first && last ? (last.at - first.at) / 1000 : 0;
			const cpuSeconds = first && last ? last.cpuSeconds - first.cpuSeconds : 0;
			return {
				cpuPercent: seconds > 0 ? (cpuSeconds / seconds) * 100 : 0,
				cpuSeconds,
				cpuPeakPercent,
				rssPeakBytes: Math.max(0, ...samples.map((s) => s.rssBytes))
			};
		}
	};
}

export interface Clock {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const systemClock: Clock = {
	now: () => performance.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export interface Throttled<T> {
	/** Offers the latest value: sent now if the interval has passed, else at its end. */
	push(value: T): void;
	/** Sends a value at once (a pointer leaving), dropping one that was waiting. */
	now(value: T): void;
	/** Drops a value that was waiting. */
	cancel(): void;
}

/**
 * Sends at most one value per interval, always the latest, and never drops the last one (a
 * cursor must come to rest where the pointer stopped, not a few pixels before).
 */
export function throttle<T>(
	send: (value: T) => void,
	intervalMs: number,
	clock: Clock = systemClock
): Throttled<T> {
	let last = -Infinity;
	let waiting: { value: T } | null = null;
	let timer: unknown = null;

	function fire() {
		timer = null;
		if (!waiting) return;
		const { value } = waiting;
		waiting = null;
		last = clock.now();
		send(value);
	}

	return {
		push(value) {
			waiting = { value };
			if (timer !== null) return;
			const wait = last + intervalMs - clock.now();
			if (wait <= 0) fire();
			else timer = clock.setTimeout(fire, wait);
		},
		now(value) {
			this.cancel();
			last = clock.now();
			send(value);
		},
		cancel() {
			if (timer !== null) clock.clearTimeout(timer);
			timer = null;
			waiting = null;
		}
	};
}

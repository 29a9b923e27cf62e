/**
 * Counts attempts per key in a fixed window, in memory (one process). Used to slow down password
 * guessing per IP and per account.
 */
export class Throttle {
	#hits = new Map<string, { count: number; resetAt: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		readonly now: () => number = Date.now
	) {}

	/** Seconds until the key may try again, or 0 when it may try now. */
	retryAfter(key: string): number {
		const entry = this.#hits.get(key);
		if (!entry || entry.resetAt <= this.now()) return 0;
		return entry.count >= this.limit ? Math.ceil((entry.resetAt - this.now()) / 1000) : 0;
	}

	hit(key: string): void {
		const now = this.now();
		const entry = this.#hits.get(key);
		if (!entry || entry.resetAt <= now) {
			this.#hits.set(key, { count: 1, resetAt: now + this.windowMs });
			if (this.#hits.size > 10_000) this.#sweep(now);
		} else {
			entry.count++;
		}
	}

	reset(key: string): void {
		this.#hits.delete(key);
	}

	#sweep(now: number) {
		for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
	}
}

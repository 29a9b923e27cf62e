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

export interface LoginThrottleOptions {
	/** Failures an account-and-address pair gets before each further attempt must wait. */
	freeFailures: number;
	/** The longest wait between attempts of one pair; the wait doubles up to it. */
	maxDelayMs: number;
	/** Failures one address may make across all accounts (credential stuffing) per window. */
	addressLimit: number;
	/** Failures one account may collect from all addresses per window (a distributed guess). */
	accountCeiling: number;
	windowMs: number;
}

export const LOGIN_THROTTLE: LoginThrottleOptions = {
	freeFailures: 3,
	maxDelayMs: 15 * 60_000,
	addressLimit: 100,
	accountCeiling: 100,
	windowMs: 60 * 60_000
};

/**
 * Slows password guessing without letting a guesser lock the owner out ([U2]). Failures count per
 * account-and-address: after the first few, each further attempt from that address waits twice as
 * long as the one before (1 s, 2 s, 4 s … up to `maxDelayMs`). An address failing across many
 * accounts is refused. An account that collects `accountCeiling` failures (many addresses
 * guessing) is closed, until the window ends, to every address that has failed against it. An
 * address that has failed nowhere is never refused: the owner's right password works from it.
 */
export class LoginThrottle {
	#pairs = new Map<string, { failures: number; lastAt: number }>();
	#addresses: Throttle;
	#accounts: Throttle;

	constructor(
		readonly options: LoginThrottleOptions = LOGIN_THROTTLE,
		readonly now: () => number = Date.now
	) {
		this.#addresses = new Throttle(options.addressLimit, options.windowMs, now);
		this.#accounts = new Throttle(options.accountCeiling, options.windowMs, now);
	}

	/** Seconds until this address may try this account again, or 0 when it may try now. */
	retryAfter(account: string, address: string): number {
		const byAddress = this.#addresses.retryAfter(address);
		const pair = this.#pair(account, address);
		if (!pair) return byAddress;
		const byAccount = this.#accounts.retryAfter(account);
		if (byAccount > 0) return Math.max(byAccount, byAddress);
		const over = pair.failures - this.options.freeFailures;
		if (over <= 0) return byAddress;
		const delay = Math.min(1000 * 2 ** (over - 1), this.options.maxDelayMs);
		return Math.max(Math.ceil((pair.lastAt + delay - this.now()) / 1000), byAddress, 0);
	}

	failed(account: string, address: string): void {
		const now = this.now();
		const key = pairKey(account, address);
		const pair = this.#pair(account, address);
		if (pair) {
			pair.failures++;
			pair.lastAt = now;
		} else {
			this.#pairs.set(key, { failures: 1, lastAt: now });
			if (this.#pairs.size > 10_000) this.#sweep(now);
		}
		this.#addresses.hit(address);
		this.#accounts.hit(account);
	}

	/** The owner got in from this address: its earlier failures are forgiven. */
	succeeded(account: string, address: string): void {
		this.#pairs.delete(pairKey(account, address));
	}

	#pair(account: string, address: string) {
		const key = pairKey(account, address);
		const pair = this.#pairs.get(key);
		if (pair && pair.lastAt + this.options.windowMs <= this.now()) {
			this.#pairs.delete(key);
			return undefined;
		}
		return pair;
	}

	#sweep(now: number) {
		for (const [key, pair] of this.#pairs) {
			if (pair.lastAt + this.options.windowMs <= now) this.#pairs.delete(key);
		}
	}
}

/** Email addresses cannot hold a newline, so the pair key is unambiguous. */
function pairKey(account: string, address: string): string {
	return `${account}\n${address}`;
}

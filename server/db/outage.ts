import { metrics } from '../ops/metrics.ts';

// The production entry and SvelteKit's bundle each have their own copy of this module, so the
// error is recognised by a registered symbol rather than by `instanceof`.
const BRAND = Symbol.for('converge.DatabaseUnavailable');

/** Thrown instead of a query's own error while the database cannot be reached. */
export class DatabaseUnavailable extends Error {
	name = 'DatabaseUnavailable';
	readonly [BRAND] = true;
	constructor(
		/** When the next attempt to reach the database is due, for a Retry-After header. */
		readonly retryAfterSeconds: number,
		options?: { cause?: unknown }
	) {
		super('the database cannot be reached right now', options);
	}
}

/** The DatabaseUnavailable behind an error, if any (callers may wrap what they caught). */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | null {
	for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		if (BRAND in e) return e as DatabaseUnavailable;
	}
	return null;
}

// Node's socket errors and postgres.js's own connection errors.
const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EPIPE',
	'CONNECTION_CLOSED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT'
]);

/**
 * Whether an error says the database cannot be reached, as opposed to a query it refused: a
 * network error, a connection closed under us, a FATAL error (the server ended or refused the
 * session: shut down, connections not allowed, too many), or SQLSTATE class 08 (connection) or
 * 57P (operator intervention).
 */
export function isConnectionFailure(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const { code, severity } = error as { code?: unknown; severity?: unknown };
	if (severity === 'FATAL' || severity === 'PANIC') return true;
	if (typeof code !== 'string') return false;
	return (
		NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300'
	);
}

export interface BreakerOptions {
	log?: (message: string, details?: Record<string, unknown>) => void;
	/** First pause before trying the database again; doubles on each failure up to `maxDelayMs`. */
	firstDelayMs?: number;
	maxDelayMs?: number;
	now?: () => number;
}

/**
 * A circuit breaker in front of the database. When a query fails because the database cannot be
 * reached, the breaker opens: queries fail at once with DatabaseUnavailable (pages and upgrades
 * answer 503 instead of waiting on a dead connection), except one attempt through it per
 * backing-off interval, whose success closes it again. The outage is logged when it starts, at
 * most once per interval while it lasts, and when it ends, not once per failed query.
 */
export class Breaker {
	#openSince: number | null = null;
	#delayMs: number;
	#nextAttempt = 0;
	#failures = 0;
	readonly #options: Required<Omit<BreakerOptions, 'log'>> & Pick<BreakerOptions, 'log'>;

	constructor(options: BreakerOptions = {}) {
		this.#options = { firstDelayMs: 500, maxDelayMs: 30_000, now: Date.now, ...options };
		this.#delayMs = this.#options.firstDelayMs;
	}

	get open(): boolean {
		return this.#openSince !== null;
	}

	async run<T>(query: () => Promise<T>): Promise<T> {
		const { now } = this.#options;
		if (this.#openSince !== null && now() < this.#nextAttempt) {
			this.#failures++;
			metrics.databaseErrors.inc({ kind: 'unreachable' });
			throw new DatabaseUnavailable(this.#retryAfter());
		}
		try {
			const result = await query();
			this.#closed();
			return result;
		} catch (error) {
			const reached = !isConnectionFailure(error);
			metrics.databaseErrors.inc({ kind: reached ? 'query' : 'unreachable' });
			if (reached) throw error;
			this.#failed(error);
			throw new DatabaseUnavailable(this.#retryAfter(), { cause: error });
		}
	}

	#retryAfter(): number {
		return Math.max(1, Math.ceil((this.#nextAttempt - this.#options.now()) / 1000));
	}

	#failed(error: unknown) {
		const { now, log, firstDelayMs, maxDelayMs } = this.#options;
		this.#failures++;
		// Several queries in flight fail together: one of them moves the breaker on.
		if (this.#openSince !== null && now() < this.#nextAttempt) return;
		if (this.#openSince === null) {
			this.#openSince = now();
			this.#delayMs = firstDelayMs;
			log?.('database unreachable; answering 503 and retrying', { error: String(error) });
		} else {
			this.#delayMs = Math.min(this.#delayMs * 2, maxDelayMs);
			log?.('database still unreachable', {
				error: String(error),
				downForMs: now() - this.#openSince,
				failedQueries: this.#failures,
				nextAttemptInMs: this.#delayMs
			});
		}
		this.#nextAttempt = now() + this.#delayMs;
	}

	#closed() {
		if (this.#openSince === null) return;
		this.#options.log?.('database reachable again', {
			downForMs: this.#options.now() - this.#openSince,
			failedQueries: this.#failures
		});
		this.#openSince = null;
		this.#failures = 0;
	}
}

/**
 * When to try again after the server closed a connection: "full jitter" (a uniformly random wait
 * between zero and a ceiling that doubles with each failed attempt, up to a cap). y-websocket's own
 * backoff is deterministic, so every client the server dropped at the same instant would come
 * back at the same instant, and again on every later attempt.
 */
export interface BackoffOptions {
	/** The ceiling of the first attempt; it doubles with each further attempt. */
	baseMs: number;
	/** The largest ceiling, however many attempts failed. */
	capMs: number;
	/**
	 * The smallest ceiling, whatever the attempt: the window over which clients spread when the
	 * whole server went away at once (a restart), so they do not all knock in its first moment.
	 */
	floorMs?: number;
}

export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 200, capMs: 10_000 };

/** The window a server restart spreads its clients' first reconnects over. */
export const RESTART_SPREAD_MS = 3_000;

/**
 * How long to wait before reconnect attempt `attempt` (1 for the first retry after a close).
 * `random` returns a number in [0, 1), like Math.random; tests pass a seeded one.
 */
export function reconnectDelay(
	attempt: number,
	random: () => number,
	options: BackoffOptions = RECONNECT_BACKOFF
): number {
	const exponential = options.baseMs * 2 ** Math.max(0, attempt - 1);
	const ceiling = Math.min(options.capMs, Math.max(options.floorMs ?? 0, exponential));
	return Math.floor(random() * ceiling);
}

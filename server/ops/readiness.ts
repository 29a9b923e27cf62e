/** A readiness check resolves when its dependency is usable and throws (or rejects) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export type CheckOutcome = 'ok' | 'failed' | 'timeout';

export interface ReadinessReport {
	ready: boolean;
	/** Set while the process stops or hands its workshops over. */
	draining?: string;
	checks: Record<string, CheckOutcome>;
}

/**
 * What `/readyz` asks: the named checks (the database from the start; others, such as Redis, are
 * added by whoever owns them), and whether the process is leaving. A load balancer stops sending
 * new connections to a process that is not ready, and keeps it alive while `/healthz` answers.
 */
export class Readiness {
	readonly #checks = new Map<string, ReadinessCheck>();
	#draining: string | null = null;

	readonly #timeoutMs: number;

	constructor(timeoutMs = 2000) {
		this.#timeoutMs = timeoutMs;
	}

	/** Adds a check; `/readyz` answers 503 while it fails or takes longer than the timeout. */
	add(name: string, check: ReadinessCheck): void {
		if (this.#checks.has(name)) throw new Error(`readiness check ${name} is added twice`);
		this.#checks.set(name, check);
	}

	/** From now on the process answers not-ready (stopping, or handing its workshops over). */
	drain(reason = 'stopping'): void {
		this.#draining ??= reason;
	}

	get draining(): string | null {
		return this.#draining;
	}

	async check(): Promise<ReadinessReport> {
		if (this.#draining) return { ready: false, draining: this.#draining, checks: {} };
		const names = [...this.#checks.keys()];
		const outcomes = await Promise.all(names.map((name) => this.#run(this.#checks.get(name)!)));
		const checks = Object.fromEntries(names.map((name, i) => [name, outcomes[i]]));
		return { ready: outcomes.every((o) => o === 'ok'), checks };
	}

	async #run(check: ReadinessCheck): Promise<CheckOutcome> {
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<CheckOutcome>((resolve) => {
			timer = setTimeout(() => resolve('timeout'), this.#timeoutMs);
		});
		const done = Promise.resolve()
			.then(check)
			.then(
				(): CheckOutcome => 'ok',
				(): CheckOutcome => 'failed'
			);
		try {
			return await Promise.race([done, late]);
		} finally {
			clearTimeout(timer);
		}
	}
}

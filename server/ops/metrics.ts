/**
 * A small registry of counters, gauges and histograms rendered in the Prometheus text format
 * (version 0.0.4): the few metric kinds Converge needs, without a dependency.
 */
export type Labels = Record<string, string>;

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Metric {
	readonly name: string;
	readonly help: string;
	readonly type: 'counter' | 'gauge' | 'histogram';
	samples(): string[];
}

function escapeLabel(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels | undefined): string {
	const pairs = Object.entries(labels ?? {});
	if (pairs.length === 0) return '';
	return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function number(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return '+Inf';
	if (value === -Infinity) return '-Inf';
	return String(value);
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A value per label set, rendered one sample a line. */
class Series implements Metric {
	readonly #values = new Map<string, number>();

	constructor(
		readonly name: string,
		readonly help: string,
		readonly type: 'counter' | 'gauge'
	) {}

	protected add(labels: Labels | undefined, by: number) {
		const key = labelText(labels);
		this.#values.set(key, (this.#values.get(key) ?? 0) + by);
	}

	protected put(labels: Labels | undefined, value: number) {
		this.#values.set(labelText(labels), value);
	}

	/** The value for a label set (0 when never touched); for tests and the scrape. */
	value(labels?: Labels): number {
		return this.#values.get(labelText(labels)) ?? 0;
	}

	/** Never touched, an unlabelled metric reads 0, so a rate has a start to count from. */
	samples(): string[] {
		if (this.#values.size === 0) return [`${this.name} 0`];
		return [...this.#values].map(([labels, value]) => `${this.name}${labels} ${number(value)}`);
	}
}

/** Only goes up: rates (votes per second) are taken by Prometheus from its increase. */
export class Counter extends Series {
	constructor(name: string, help: string) {
		super(name, help, 'counter');
	}

	inc(labels?: Labels, by = 1): void {
		if (by < 0) throw new RangeError(`${this.name}: a counter cannot go down`);
		this.add(labels, by);
	}
}

export class Gauge extends Series {
	constructor(name: string, help: string) {
		super(name, help, 'gauge');
	}

	set(value: number, labels?: Labels): void {
		this.put(labels, value);
	}

	inc(labels?: Labels, by = 1): void {
		this.add(labels, by);
	}

	dec(labels?: Labels, by = 1): void {
		this.add(labels, -by);
	}
}

/** Observations counted into cumulative buckets, with their sum and count (no labels). */
export class Histogram implements Metric {
	readonly type = 'histogram';
	readonly #counts: number[];
	#sum = 0;
	#count = 0;

	constructor(
		readonly name: string,
		readonly help: string,
		readonly buckets: readonly number[]
	) {
		if (buckets.some((b, i) => i > 0 && b <= buckets[i - 1])) {
			throw new RangeError(`${name}: buckets must increase`);
		}
		this.#counts = buckets.map(() => 0);
	}

	observe(value: number): void {
		this.#sum += value;
		this.#count++;
		const bucket = this.buckets.findIndex((upper) => value <= upper);
		if (bucket >= 0) this.#counts[bucket]++;
	}

	/** Starts timing; the function returned observes the seconds elapsed when called. */
	startTimer(): () => void {
		const started = performance.now();
		return () => this.observe((performance.now() - started) / 1000);
	}

	get count(): number {
		return this.#count;
	}

	samples(): string[] {
		let cumulative = 0;
		const lines = this.buckets.map((upper, i) => {
			cumulative += this.#counts[i];
			return `${this.name}_bucket{le="${number(upper)}"} ${cumulative}`;
		});
		lines.push(`${this.name}_bucket{le="+Inf"} ${this.#count}`);
		lines.push(`${this.name}_sum ${number(this.#sum)}`);
		lines.push(`${this.name}_count ${this.#count}`);
		return lines;
	}
}

export class Registry {
	readonly #metrics = new Map<string, Metric>();

	#register<M extends Metric>(metric: M): M {
		if (!NAME.test(metric.name)) throw new Error(`${metric.name} is not a metric name`);
		if (this.#metrics.has(metric.name)) throw new Error(`${metric.name} is registered twice`);
		this.#metrics.set(metric.name, metric);
		return metric;
	}

	counter(name: string, help: string): Counter {
		return this.#register(new Counter(name, help));
	}

	gauge(name: string, help: string): Gauge {
		return this.#register(new Gauge(name, help));
	}

	histogram(name: string, help: string, buckets: readonly number[]): Histogram {
		return this.#register(new Histogram(name, help, buckets));
	}

	/** Every metric with its HELP and TYPE lines, ending with a newline as the format asks. */
	render(): string {
		const lines: string[] = [];
		for (const metric of this.#metrics.values()) {
			lines.push(
				`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`
			);
			lines.push(`# TYPE ${metric.name} ${metric.type}`);
			lines.push(...metric.samples());
		}
		return lines.join('\n') + '\n';
	}
}

function createMetrics() {
	const registry = new Registry();
	const set = {
		registry,
		connections: registry.gauge('converge_connections', 'Open sync connections.'),
		openWorkshops: registry.gauge(
			'converge_open_workshops',
			'Workshops with at least one document loaded in this process.'
		),
		ownedWorkshops: registry.gauge(
			'converge_owned_workshops',
			'Workshops this process owns (holds the lease of) when several processes share Redis.'
		),
		votes: registry.counter('converge_votes_total', 'Ballot changes accepted.'),
		tallyBatches: registry.counter(
			'converge_tally_batches_total',
			'Tally derivations, each covering the ballot changes of one batch.'
		),
		groupCommitSeconds: registry.histogram(
			'converge_group_commit_seconds',
			'How long one group-commit statement of document updates takes.',
			[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
		),
		outboxBacklog: registry.gauge(
			'converge_outbox_backlog',
			'Emails and webhooks waiting in the outbox, counted when scraped.'
		),
		databaseErrors: registry.counter(
			'converge_database_errors_total',
			'PostgreSQL queries that failed: kind="unreachable" (no connection), kind="query" (refused).'
		),
		redisErrors: registry.counter('converge_redis_errors_total', 'Redis commands that failed.')
	};
	for (const kind of ['unreachable', 'query']) set.databaseErrors.inc({ kind }, 0);
	return set;
}

export type ConvergeMetrics = ReturnType<typeof createMetrics>;

const KEY = Symbol.for('converge.metrics');
type Holder = { [KEY]?: ConvergeMetrics };

/**
 * The process's metrics. The production entry and SvelteKit's server bundle each have their own
 * copy of this module (as with processApp), so the one set lives on globalThis, where a counter
 * incremented by either copy is seen by the scrape.
 */
export const metrics: ConvergeMetrics = ((globalThis as Holder)[KEY] ??= createMetrics());

import { describe, expect, it } from 'vitest';
import { metrics, Registry } from './metrics.ts';

describe('Registry.render', () => {
	it('[SO4] writes HELP and TYPE before the samples of each metric, and ends with a newline', () => {
		const registry = new Registry();
		registry.counter('jobs_total', 'Jobs done.').inc();
		registry.gauge('queue_length', 'Jobs waiting.').set(7);
		expect(registry.render()).toBe(
			[
				'# HELP jobs_total Jobs done.',
				'# TYPE jobs_total counter',
				'jobs_total 1',
				'# HELP queue_length Jobs waiting.',
				'# TYPE queue_length gauge',
				'queue_length 7',
				''
			].join('\n')
		);
	});

	it('[SO4] keeps one sample per label set and escapes label values and help text', () => {
		const registry = new Registry();
		const errors = registry.counter('errors_total', 'Errors, by "kind" \\ source\nsecond line.');
		errors.inc({ kind: 'query' });
		errors.inc({ kind: 'query' }, 2);
		errors.inc({ kind: 'say "hi"\\\n' });
		expect(registry.render().split('\n')).toEqual([
			'# HELP errors_total Errors, by "kind" \\\\ source\\nsecond line.',
			'# TYPE errors_total counter',
			'errors_total{kind="query"} 3',
			'errors_total{kind="say \\"hi\\"\\\\\\n"} 1',
			''
		]);
	});

	it('[SO4] renders a histogram as cumulative buckets with +Inf, sum and count', () => {
		const registry = new Registry();
		const latency = registry.histogram('commit_seconds', 'Commit time.', [0.01, 0.1, 1]);
		for (const value of [0.005, 0.01, 0.05, 0.5, 3]) latency.observe(value);
		expect(registry.render().split('\n').slice(2)).toEqual([
			'commit_seconds_bucket{le="0.01"} 2',
			'commit_seconds_bucket{le="0.1"} 3',
			'commit_seconds_bucket{le="1"} 4',
			'commit_seconds_bucket{le="+Inf"} 5',
			'commit_seconds_sum 3.565',
			'commit_seconds_count 5',
			''
		]);
	});

	it('[SO4] reads 0 for an unlabelled metric never touched', () => {
		const registry = new Registry();
		registry.counter('untouched_total', 'Nothing yet.');
		expect(registry.render()).toContain('\nuntouched_total 0\n');
	});

	it('[SO4] writes NaN and infinities as the format spells them', () => {
		const registry = new Registry();
		const gauge = registry.gauge('odd', 'Odd values.');
		gauge.set(NaN, { v: 'nan' });
		gauge.set(Infinity, { v: 'inf' });
		gauge.set(-Infinity, { v: 'minf' });
		expect(registry.render()).toContain(
			'odd{v="nan"} NaN\nodd{v="inf"} +Inf\nodd{v="minf"} -Inf\n'
		);
	});

	it('refuses a metric name twice, an invalid name, a falling counter and unsorted buckets', () => {
		const registry = new Registry();
		registry.gauge('g', 'A gauge.');
		expect(() => registry.counter('g', 'Again.')).toThrow(/twice/);
		expect(() => registry.counter('has-dash', 'Bad.')).toThrow(/not a metric name/);
		expect(() => registry.counter('c', 'C.').inc(undefined, -1)).toThrow(RangeError);
		expect(() => registry.histogram('h', 'H.', [1, 0.5])).toThrow(/increase/);
	});
});

describe('metrics', () => {
	it('[SO4] is one set per process, with every metric the deployment guide names', () => {
		const text = metrics.registry.render();
		for (const name of [
			'converge_connections',
			'converge_open_workshops',
			'converge_owned_workshops',
			'converge_votes_total',
			'converge_tally_batches_total',
			'converge_group_commit_seconds',
			'converge_outbox_backlog',
			'converge_database_errors_total',
			'converge_redis_errors_total'
		]) {
			expect(text).toContain(`# TYPE ${name} `);
		}
		expect(text).toContain('converge_database_errors_total{kind="unreachable"} ');
		expect(text).toContain('converge_database_errors_total{kind="query"} ');
	});
});

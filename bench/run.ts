/**
 * `npm run bench`: runs every benchmark in BENCHES in sequence, prints the results and rewrites
 * docs/benchmarks.md. `npm run bench -- --quick` is a short run (N = 50, 5 s) that only prints.
 *
 * Options (each also as an environment variable, see bench/sync-load-bench.ts):
 *   --quick               short run, docs untouched unless --docs
 *   --docs / --no-docs    whether to rewrite docs/benchmarks.md (default: only for full runs)
 *   --benches a,b         which benchmarks (default: all)
 *   --n 200,500           participants per sync-load run      (BENCH_N)
 *   --duration 20         seconds of writes                   (BENCH_DURATION_S)
 *   --targets a,b         sync-load targets                   (BENCH_TARGETS)
 *   --quiet-wait 120     seconds to wait for an idle machine before each run (BENCH_QUIET_WAIT_S)
 *   --attempts 3          runs per target and N when other work disturbs one (BENCH_ATTEMPTS)
 *   --cpu-prof DIR        servers write V8 CPU profiles to DIR     (BENCH_CPU_PROF_DIR)
 *   --observers, --ideas, --interval, --drain, --seed
 *   --tally-targets a,b   tally-load targets: converge-postgres, converge-pglite, hocuspocus
 *                         (BENCH_TALLY_TARGETS; PostgreSQL needs DATABASE_URL)
 *   --parts a,b           tally-load parts: floor, workshops, big, cold, memory (BENCH_TALLY_PARTS)
 *   --big-rooms 500,1000  voters in the tally-load part `big`          (BENCH_BIG_ROOMS)
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { type Bench, type BenchSection } from './bench.ts';

/**
 * Every benchmark, in the order they run, each loaded only when it runs: a module's dependencies
 * stay out of the others' heap. Loaded up front, Playwright (for the browser benchmarks)
 * added 35 MB of heap that every garbage collection during the aggregation benchmark went through,
 * which made computeAll 1–3 ms slower there than in a process of its own.
 * The aggregation benchmark first: it times CPU-bound work in this process, which a load test of
 * hundreds of sockets leaves with a heap the garbage collector works through for a while after.
 */
const BENCHES: { id: string; load: () => Promise<Bench> }[] = [
	{ id: 'aggregates', load: async () => (await import('./aggregates.ts')).aggregatesBench },
	{ id: 'sync-load', load: async () => (await import('./sync-load-bench.ts')).syncLoadBench },
	{ id: 'tally-load', load: async () => (await import('./tally-load.ts')).tallyLoadBench },
	{ id: 'matrix-fps', load: async () => (await import('./matrix-fps.ts')).matrixFpsBench },
	{ id: 'sensitivity', load: async () => (await import('./sensitivity.ts')).sensitivityBench },
	{ id: 'exec-js', load: async () => (await import('./exec-js.ts')).execJsBench },
	{ id: 'feedback', load: async () => (await import('./feedback.ts')).feedbackBench },
	{ id: 'delivery', load: async () => (await import('./delivery.ts')).deliveryBench }
];

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		docs: { type: 'boolean' },
		'no-docs': { type: 'boolean' },
		benches: { type: 'string' },
		n: { type: 'string' },
		duration: { type: 'string' },
		targets: { type: 'string' },
		observers: { type: 'string' },
		ideas: { type: 'string' },
		interval: { type: 'string' },
		drain: { type: 'string' },
		seed: { type: 'string' },
		'quiet-wait': { type: 'string' },
		'cpu-prof': { type: 'string' },
		attempts: { type: 'string' },
		'tally-targets': { type: 'string' },
		parts: { type: 'string' },
		'big-rooms': { type: 'string' }
	}
});

const quick = values.quick === true;
if (values['cpu-prof']) process.env.BENCH_CPU_PROF_DIR = values['cpu-prof'];
const writeDocs = values['no-docs'] ? false : (values.docs ?? !quick);
const chosen = values.benches?.split(',') ?? BENCHES.map((b) => b.id);
for (const id of chosen) {
	if (!BENCHES.some((b) => b.id === id)) {
		throw new Error(`unknown benchmark ${id}; known: ${BENCHES.map((b) => b.id).join(', ')}`);
	}
}

const log = (line: string) => console.log(line);
const startedAt = new Date();
const sections: BenchSection[] = [];
for (const { id, load } of BENCHES.filter((b) => chosen.includes(b.id))) {
	log(`\n== ${id}`);
	const bench = await load();
	const section = await bench.run({ quick, values, log });
	sections.push(section);
	log(`\n${section.summary}`);
}

const mark = (holds: boolean | null) =>
	holds === null ? 'not measured' : holds ? 'met' : 'NOT met';
log('\n== Targets');
for (const check of sections.flatMap((s) => s.checks)) {
	log(`${mark(check.holds).padEnd(12)} ${check.target} — ${check.evidence}`);
}

if (writeDocs) {
	const cpu = cpus();
	const machine =
		`${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
		`${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
	const checks = sections.flatMap((s) => s.checks);
	const doc = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.ts); do not edit by hand. Targets: ../shared/DESIGN.md',
		'("Performance budget"), issue 3 ("Numbers") and issue 13 ("What must hold").',
		'',
		`- Machine: ${machine}`,
		`- Run: ${startedAt.toISOString()}${quick ? ' (quick mode: not a reportable run)' : ''}`,
		`- Command: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
		'',
		'How to run: `npm run bench` (the full run, about 10–30 minutes, rewrites this file);',
		'`npm run bench -- --quick` checks the machinery in about a minute and only prints. Options are',
		'listed at the top of bench/run.ts; `--benches sync-load --targets converge-tally --n 200` runs one',
		'case; `--benches tally-load --parts floor --tally-targets converge-pglite,hocuspocus` one part',
		'of the tally benchmark (Converge on PostgreSQL needs `DATABASE_URL`). Run it on an otherwise',
		'idle machine: see "Other work" below.',
		'',
		'## Targets',
		'',
		'| Target | Result | Evidence |',
		'| --- | --- | --- |',
		...checks.map((c) => `| ${c.target} | ${mark(c.holds)} | ${c.evidence} |`),
		'',
		...sections.flatMap((s) => [
			`## ${s.title}`,
			'',
			'### Method',
			'',
			s.method,
			'',
			'### Results',
			'',
			s.results,
			''
		])
	].join('\n');
	// Formatted as `npm run lint` expects, so a fresh report never fails the lint.
	const path = 'docs/benchmarks.md';
	// Loaded here, as the benchmarks' modules are: not carried through their garbage collections.
	const { format, resolveConfig } = await import('prettier');
	const config = await resolveConfig(path);
	await writeFile(path, await format(doc, { ...config, filepath: path }));
	log('\nwrote docs/benchmarks.md');
}

// After the browser benchmarks something Playwright started natively keeps the process alive
// though Node lists no handle; every result is printed and written by now.
process.exit(process.exitCode ?? 0);

/**
 * The feedback board at scale (issue 14, "Numbers"): 10,000 ideas, 200,000 feedback items,
 * 50,000 requesters and 5,000 companies in one product, on PGlite and (with DATABASE_URL) on
 * PostgreSQL. Measures the backlog sorted by demand (first page), similar-idea suggestions, the
 * portal's page, and a 50,000-row CSV import, during which the backlog is read every 200 ms to
 * show the API stays responsive. `--quick` is a tenth of the size.
 * Alone: `npx tsx bench/feedback.ts [--quick]`; in the suite: `npm run bench -- --benches feedback`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { markdownTable, type Bench, type Check } from './bench.ts';
import { seededRandom, summarize, type Summary } from './stats.ts';
import { openDatabase, type Database } from '../server/db/connection.ts';
import { migrate } from '../server/db/migrate.ts';
import { newId } from '../server/db/ids.ts';
import { sql, valuesList } from '../server/db/sql.ts';
import { userActor } from '../server/feedback/access.ts';
import { refreshDemand } from '../server/feedback/demand.ts';
import { listIdeas, similarIdeas } from '../server/feedback/ideas.ts';
import { createImport, runImport } from '../server/feedback/imports.ts';
import { portalView } from '../server/feedback/portal.ts';

interface Size {
	ideas: number;
	feedback: number;
	requesters: number;
	companies: number;
	importRows: number;
	runs: number;
}

const FULL: Size = {
	ideas: 10_000,
	feedback: 200_000,
	requesters: 50_000,
	companies: 5_000,
	importRows: 50_000,
	runs: 100
};
const QUICK: Size = {
	ideas: 1_000,
	feedback: 20_000,
	requesters: 5_000,
	companies: 500,
	importRows: 5_000,
	runs: 30
};

const VERBS = [
	'Export',
	'Import',
	'Sync',
	'Share',
	'Filter',
	'Search',
	'Archive',
	'Schedule',
	'Tag',
	'Merge'
];
const NOUNS = [
	'roadmap',
	'ideas',
	'feedback',
	'reports',
	'dashboards',
	'comments',
	'invoices',
	'users',
	'projects',
	'boards',
	'workshops',
	'tickets'
];
const WITH = [
	'as PDF',
	'to Slack',
	'with Jira',
	'by segment',
	'in bulk',
	'offline',
	'on mobile',
	'via API',
	'for admins',
	'with SSO',
	'to CSV',
	'weekly'
];
const SEGMENTS = ['enterprise', 'mid-market', 'smb', ''];

interface Result {
	backend: string;
	seedSeconds: number;
	backlog: Summary;
	backlogTrend: Summary;
	similar: Summary;
	portal: Summary;
	importSeconds: number;
	importRows: number;
	duringImport: Summary;
}

async function seed(db: Database, size: Size, random: () => number) {
	await db.query(
		sql`insert into users (id, email, name) values ('bench', 'bench@converge.test', 'Bench')`
	);
	const productId = newId();
	await db.query(
		sql`insert into products (id, name, slug, portal_enabled) values (${productId}, 'Bench', 'bench', true)`
	);
	await db.query(
		sql`insert into product_members (product_id, user_id, role) values (${productId}, 'bench', 'owner')`
	);
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
	const batches = async (
		count: number,
		row: (i: number) => unknown[],
		insert: (values: ReturnType<typeof valuesList>) => ReturnType<typeof sql>
	) => {
		for (let i = 0; i < count; i += 1000) {
			const rows = Array.from({ length: Math.min(1000, count - i) }, (_, k) => row(i + k));
			await db.query(insert(valuesList(rows)));
		}
	};
	const companies = Array.from({ length: size.companies }, () => newId());
	await batches(
		size.companies,
		(i) => [
			companies[i],
			productId,
			`Company ${i}`,
			Math.round(random() * 500_000),
			pick(SEGMENTS)
		],
		(v) => sql`
		insert into companies (id, product_id, name, arr, segment)
		select id, product_id, name, arr::double precision, segment from (values ${v}) as v (id, product_id, name, arr, segment)`
	);
	const requesters = Array.from({ length: size.requesters }, () => newId());
	const companyOf = requesters.map(() => pick(companies));
	await batches(
		size.requesters,
		(i) => [requesters[i], productId, `person${i}@example.test`, `Person ${i}`, companyOf[i]],
		(v) => sql`
		insert into requesters (id, product_id, email, name, company_id) values ${v}`
	);
	const ideas = Array.from({ length: size.ideas }, () => newId());
	const day = 86_400_000;
	await batches(
		size.ideas,
		(i) => [
			ideas[i],
			productId,
			`${pick(VERBS)} ${pick(NOUNS)} ${pick(WITH)} (${i})`,
			'Asked for by customers.',
			random() < 0.2,
			new Date(Date.now() - random() * 365 * day).toISOString()
		],
		(v) => sql`
		insert into ideas (id, product_id, title, description, public, created_at)
		select id, product_id, title, description, public::boolean, created_at::timestamptz from (values ${v}) as v (id, product_id, title, description, public, created_at)`
	);
	// A long tail: a few ideas are asked for a lot (as backlogs are).
	const ideaFor = () => ideas[Math.floor(ideas.length * random() ** 2)];
	await batches(
		size.feedback,
		(i) => {
			const r = Math.floor(random() * requesters.length);
			const linked = random() < 0.9;
			return [
				newId(),
				productId,
				`Feedback ${i}: please ${pick(VERBS).toLowerCase()} ${pick(NOUNS)}`,
				requesters[r],
				companyOf[r],
				linked ? ideaFor() : null,
				linked ? 'linked' : 'new',
				new Date(Date.now() - random() * 365 * day).toISOString()
			];
		},
		(v) => sql`
		insert into feedback (id, product_id, text, source, requester_id, company_id, idea_id, state, received_at)
		select id, product_id, text, 'api', requester_id, company_id, idea_id, state, received_at::timestamptz
		from (values ${v}) as v (id, product_id, text, requester_id, company_id, idea_id, state, received_at)`
	);
	await refreshDemand(db, ideas);
	return productId;
}

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<Summary> {
	for (let i = 0; i < 5; i++) await fn(i);
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await fn(i);
		times.push(performance.now() - start);
	}
	return summarize(times);
}

async function measure(
	backend: 'pglite' | 'postgres',
	size: Size,
	log: (line: string) => void
): Promise<Result> {
	const dir = await mkdtemp(join(tmpdir(), 'converge-bench-feedback-'));
	let url: string | undefined;
	let admin: postgres.Sql | undefined;
	const name = `converge_bench_${Date.now().toString(36)}`;
	if (backend === 'postgres') {
		admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		const u = new URL(process.env.DATABASE_URL!);
		u.pathname = `/${name}`;
		url = u.toString();
	}
	const db = await openDatabase({ url, dataDir: join(dir, 'db') });
	try {
		await migrate(db, 'migrations');
		const random = seededRandom(14);
		let start = performance.now();
		const productId = await seed(db, size, random);
		const seedSeconds = (performance.now() - start) / 1000;
		log(`${backend}: seeded in ${seedSeconds.toFixed(1)} s`);
		const actor = userActor('bench');
		const backlog = await time(size.runs, () =>
			listIdeas(db, actor, productId, { sort: 'demand', limit: 50 })
		);
		const backlogTrend = await time(Math.ceil(size.runs / 5), () =>
			listIdeas(db, actor, productId, { sort: 'trend', limit: 50 })
		);
		const queries = Array.from({ length: 50 }, () =>
			`${VERBS[Math.floor(random() * VERBS.length)]} ${NOUNS[Math.floor(random() * NOUNS.length)]} ${WITH[Math.floor(random() * WITH.length)]}`
				.toLowerCase()
				.slice(0, 3 + Math.floor(random() * 30))
		);
		const similar = await time(size.runs, (i) =>
			similarIdeas(db, actor, productId, queries[i % queries.length])
		);
		const portal = await time(size.runs, () => portalView(db, 'bench'));
		log(
			`${backend}: backlog p95 ${backlog.p95.toFixed(1)} ms, similar p95 ${similar.p95.toFixed(1)} ms, portal p95 ${portal.p95.toFixed(1)} ms`
		);

		const csv = join(dir, 'import.csv');
		const lines = ['id,title,description,email,company,arr,segment,feedback'];
		for (let i = 0; i < size.importRows; i++) {
			lines.push(
				`IMP-${i % Math.ceil(size.importRows / 5)},"${VERBS[i % VERBS.length]} ${NOUNS[i % NOUNS.length]} imported ${i % 977}",,imported${i % 20_000}@example.test,Imported ${i % 2000},${(i % 50) * 1000},smb,"Row ${i} asks for it"`
			);
		}
		await writeFile(csv, lines.join('\n'));
		const importId = await createImport(db, actor, productId, 'generic');
		const during: number[] = [];
		let importing = true;
		const probe = (async () => {
			while (importing) {
				const t = performance.now();
				await listIdeas(db, actor, productId, { sort: 'demand', limit: 50 });
				during.push(performance.now() - t);
				await new Promise((r) => setTimeout(r, 200));
			}
		})();
		start = performance.now();
		const status = await runImport(db, productId, importId, 'generic', createReadStream(csv));
		const importSeconds = (performance.now() - start) / 1000;
		importing = false;
		await probe;
		if (status.state !== 'done')
			throw new Error(`import ${status.state}: ${JSON.stringify(status.errors.slice(0, 3))}`);
		log(
			`${backend}: ${size.importRows} rows imported in ${importSeconds.toFixed(1)} s (${status.created} created)`
		);
		return {
			backend,
			seedSeconds,
			backlog,
			backlogTrend,
			similar,
			portal,
			importSeconds,
			importRows: size.importRows,
			duringImport: summarize(during)
		};
	} finally {
		await db.close();
		await rm(dir, { recursive: true, force: true });
		if (admin) {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	}
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

export const feedbackBench: Bench = {
	id: 'feedback',
	async run({ quick, log }) {
		const size = quick ? QUICK : FULL;
		const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL
			? ['pglite', 'postgres']
			: ['pglite'];
		const results: Result[] = [];
		for (const backend of backends) results.push(await measure(backend, size, log));
		const checks: Check[] = results.flatMap((r) => [
			{
				target: `feedback (${r.backend}): backlog by demand, first page, p95 ≤ 100 ms`,
				holds: quick ? null : r.backlog.p95 <= 100,
				evidence: `p95 ${ms(r.backlog.p95)}`
			},
			{
				target: `feedback (${r.backend}): similar-idea suggestions p95 ≤ 50 ms`,
				holds: quick ? null : r.similar.p95 <= 50,
				evidence: `p95 ${ms(r.similar.p95)}`
			},
			{
				target: `feedback (${r.backend}): 50,000-row CSV import ≤ 30 s`,
				holds: quick ? null : r.importSeconds <= 30,
				evidence: `${r.importSeconds.toFixed(1)} s; backlog p95 meanwhile ${ms(r.duringImport.p95)}`
			},
			{
				target: `feedback (${r.backend}): portal page p95 ≤ 100 ms`,
				holds: quick ? null : r.portal.p95 <= 100,
				evidence: `p95 ${ms(r.portal.p95)}`
			}
		]);
		const rows = results.flatMap((r) => [
			[r.backend, 'backlog, sort=demand, 50 ideas', ms(r.backlog.p50), ms(r.backlog.p95)],
			[r.backend, 'backlog, sort=trend, 50 ideas', ms(r.backlogTrend.p50), ms(r.backlogTrend.p95)],
			[r.backend, 'similar ideas', ms(r.similar.p50), ms(r.similar.p95)],
			[r.backend, 'portal page data', ms(r.portal.p50), ms(r.portal.p95)],
			[r.backend, `import ${r.importRows} rows`, `${r.importSeconds.toFixed(1)} s`, ''],
			[r.backend, 'backlog while importing', ms(r.duringImport.p50), ms(r.duringImport.p95)]
		]);
		return {
			title: 'Feedback board at scale',
			method:
				`One product with ${size.ideas.toLocaleString('en')} ideas, ${size.feedback.toLocaleString('en')} feedback items ` +
				`(90 % linked, a long tail of popular ideas), ${size.requesters.toLocaleString('en')} requesters and ` +
				`${size.companies.toLocaleString('en')} companies, seeded with demand computed (bench/feedback.ts). The domain ` +
				`functions the API calls are timed in this process against the database (${size.runs} runs after 5 warm-up): ` +
				'listIdeas sorted by demand (first page of 50), similarIdeas for 50 varied queries, portalView; then a ' +
				`${size.importRows.toLocaleString('en')}-row generic CSV streamed from disk by runImport while the backlog is read every 200 ms.`,
			results: markdownTable(['database', 'what', 'p50', 'p95'], rows),
			summary: rows.map((r) => r.join('  ')).join('\n'),
			checks
		};
	}
};

if (import.meta.url === `file://${process.argv[1]}`) {
	const section = await feedbackBench.run({
		quick: process.argv.includes('--quick'),
		values: {},
		log: console.log
	});
	console.log(`\n${section.results}\n`);
	for (const c of section.checks)
		console.log(
			`${c.holds === null ? 'quick' : c.holds ? 'met' : 'NOT met'}  ${c.target}: ${c.evidence}`
		);
}

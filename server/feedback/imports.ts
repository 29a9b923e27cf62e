import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql, valuesList } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireProduct, type Actor } from './access.ts';
import {
	IMPORT_FORMATS,
	mapHeader,
	overrideMapping,
	readRow,
	RowError,
	type ImportField,
	type ImportFormat,
	type ImportRow,
	type Mapping
} from './csv-formats.ts';
import { refreshDemand } from './demand.ts';
import { textArray } from './ideas.ts';

/** A CSV upload may be this big; more is refused with 413 before anything is stored. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Records written per transaction: big enough to be quick, small enough to keep others served. */
const BATCH = 500;
/** Errors kept per import; the count of bad lines goes on in `skipped`. */
const MAX_ERRORS = 1000;

export type ImportState = 'running' | 'done' | 'failed';

export interface ImportStatus {
	id: string;
	format: ImportFormat;
	state: ImportState;
	/** Data rows read so far. */
	rows: number;
	/** Rows that made a new idea or new feedback. */
	created: number;
	/** Rows that changed an idea made by an earlier import. */
	updated: number;
	/** Rows with nothing new (a re-import) or with an error. */
	skipped: number;
	errors: { line: number; message: string }[];
	createdAt: Date;
	finishedAt: Date | null;
}

export function readFormat(raw: unknown): ImportFormat {
	if (typeof raw !== 'string' || !(IMPORT_FORMATS as readonly string[]).includes(raw)) {
		throw new AppError(
			'bad_request',
			`format must be one of: ${IMPORT_FORMATS.join(', ')}`,
			'format'
		);
	}
	return raw as ImportFormat;
}

/**
 * Streams an upload to a temporary file, refusing it (413) as soon as it passes `maxBytes`, so a
 * big file never sits whole in memory. The caller removes the file's directory (`cleanup`).
 */
async function spoolUpload(
	body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
	maxBytes = IMPORT_MAX_BYTES
): Promise<{ path: string; bytes: number; cleanup: () => Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), 'converge-import-'));
	const path = join(dir, 'upload.csv');
	const cleanup = () => rm(dir, { recursive: true, force: true });
	let bytes = 0;
	const source =
		Symbol.asyncIterator in body
			? (body as AsyncIterable<Uint8Array>)
			: Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
	async function* counted() {
		for await (const chunk of source) {
			bytes += chunk.byteLength;
			if (bytes > maxBytes) {
				throw new AppError(
					'payload_too_large',
					`A CSV file may be at most ${maxBytes / 1024 / 1024} MiB`
				);
			}
			yield chunk;
		}
	}
	try {
		await pipeline(counted, createWriteStream(path));
	} catch (error) {
		await cleanup();
		throw error;
	}
	return { path, bytes, cleanup };
}

interface ImportRowDb {
	id: string;
	format: ImportFormat;
	state: ImportState;
	rows: number;
	created: number;
	updated: number;
	skipped: number;
	errors: { line: number; message: string }[] | string;
	created_at: Date;
	finished_at: Date | null;
}

const toStatus = (r: ImportRowDb): ImportStatus => ({
	id: r.id,
	format: r.format,
	state: r.state,
	rows: r.rows,
	created: r.created,
	updated: r.updated,
	skipped: r.skipped,
	errors: typeof r.errors === 'string' ? JSON.parse(r.errors) : r.errors,
	createdAt: new Date(r.created_at),
	finishedAt: r.finished_at && new Date(r.finished_at)
});

export async function getImport(
	db: Queryable,
	actor: Actor,
	productId: string,
	importId: string
): Promise<ImportStatus> {
	await requireProduct(db, actor, productId);
	const rows = await db.query<ImportRowDb>(sql`
		select id, format, state, rows, created, updated, skipped, errors, created_at, finished_at
		from imports where id = ${importId} and product_id = ${productId}`);
	if (!rows[0]) throw new AppError('not_found', 'No such import');
	return toStatus(rows[0]);
}

export async function listImports(
	db: Queryable,
	actor: Actor,
	productId: string
): Promise<ImportStatus[]> {
	await requireProduct(db, actor, productId);
	const rows = await db.query<ImportRowDb>(sql`
		select id, format, state, rows, created, updated, skipped, errors, created_at, finished_at
		from imports where product_id = ${productId} order by created_at desc, id limit 50`);
	return rows.map(toStatus);
}

export interface ImportPreview {
	header: string[];
	/** Field → the header names that feed it. */
	mapping: Partial<Record<ImportField, string[]>>;
	/** Required columns the file lacks; the import would fail. */
	missing: string[];
	/** The first rows as they would be imported, or their error. */
	rows: (ImportRow | { line: number; error: string })[];
}

/** What the first `limit` rows of a file would import as, without storing anything. */
export async function previewImport(
	input: AsyncIterable<Uint8Array> | string,
	format: ImportFormat,
	options: { mapping?: Partial<Record<ImportField, string>>; limit?: number } = {}
): Promise<ImportPreview> {
	const limit = options.limit ?? 10;
	let header: string[] = [];
	let mapping: Mapping = {};
	let missing: string[] = [];
	const rows: ImportPreview['rows'] = [];
	for await (const { record, line } of records(
		typeof input === 'string' ? [Buffer.from(input)] : input
	)) {
		if (line === 0) {
			header = record;
			({ mapping, missing } = mapHeader(format, header));
			if (options.mapping) mapping = overrideMapping(mapping, header, options.mapping);
			continue;
		}
		try {
			rows.push(readRow(format, mapping, record, line));
		} catch (error) {
			if (!(error instanceof RowError)) throw error;
			rows.push({ line, error: error.message });
		}
		if (rows.length >= limit) break;
	}
	const named = Object.fromEntries(
		Object.entries(mapping).map(([field, columns]) => [field, columns.map((i) => header[i])])
	);
	return { header, mapping: named, missing, rows };
}

/** Records with the line each starts on; the header is line 0's record (file line 1). */
async function* records(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
	const parser = parse({
		bom: true,
		relax_column_count: true,
		skip_empty_lines: true,
		info: true,
		max_record_size: 1024 * 1024
	});
	const feeding = pipeline(Readable.from(input), parser).catch(() => {});
	let index = 0;
	for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
		// Line 1 is the header; a data record is reported by the file line it ends on.
		yield { record: item.record, line: index === 0 ? 0 : item.info.lines };
		index++;
	}
	await feeding;
}

/** Creates the import's record (state running) and returns its id. */
export async function createImport(
	db: Queryable,
	actor: Actor,
	productId: string,
	format: ImportFormat
): Promise<string> {
	const access = await requireProduct(db, actor, productId);
	const id = newId();
	await db.query(sql`
		insert into imports (id, product_id, format, created_by)
		values (${id}, ${productId}, ${format}, ${access.userId})`);
	return id;
}

/**
 * Reads a CSV file into the product, 500 records per transaction, writing progress after each:
 * an idea per issue (updated in place when its key was imported before), feedback per requester
 * or Jira comment (never twice: keyed by external id), bad lines listed and skipped. The demand of
 * the ideas given feedback is recounted once, when reading stops.
 */
export async function runImport(
	db: Database,
	productId: string,
	importId: string,
	format: ImportFormat,
	input: AsyncIterable<Uint8Array> | string,
	options: { mapping?: Partial<Record<ImportField, string>> } = {}
): Promise<ImportStatus> {
	const totals = { rows: 0, created: 0, updated: 0, skipped: 0 };
	const errors: { line: number; message: string }[] = [];
	let mapping: Mapping | null = null;
	let batch: ImportRow[] = [];
	// Ideas given new feedback: their demand is recounted once, when reading stops. Recounting per
	// batch read each idea's whole feedback again for every batch that added to it (bench/feedback.ts:
	// rows of one issue are spread through an export).
	const touched = new Set<string>();
	const flush = async () => {
		if (batch.length > 0) {
			const counts = await writeBatch(db, productId, batch);
			totals.created += counts.created;
			totals.updated += counts.updated;
			totals.skipped += counts.skipped;
			for (const id of counts.touched) touched.add(id);
			batch = [];
		}
		await db.query(sql`
			update imports set rows = ${totals.rows}, created = ${totals.created}, updated = ${totals.updated},
				skipped = ${totals.skipped}, errors = ${JSON.stringify(errors)}::jsonb
			where id = ${importId}`);
	};
	try {
		const source = typeof input === 'string' ? [Buffer.from(input)] : input;
		for await (const { record, line } of records(source)) {
			if (!mapping) {
				const header = mapHeader(format, record);
				if (header.missing.length > 0) {
					throw new RowError(
						`the file has no ${header.missing.map((m) => `"${m}"`).join(', ')} column`
					);
				}
				mapping = options.mapping
					? overrideMapping(header.mapping, record, options.mapping)
					: header.mapping;
				continue;
			}
			totals.rows++;
			try {
				batch.push(readRow(format, mapping, record, line));
			} catch (error) {
				if (!(error instanceof RowError)) throw error;
				totals.skipped++;
				if (errors.length < MAX_ERRORS) errors.push({ line, message: error.message });
			}
			if (batch.length >= BATCH) await flush();
		}
		if (!mapping) throw new RowError('the file is empty');
		await flush();
		await refreshDemand(db, touched);
		// PGlite has no autovacuum: without fresh statistics after thousands of new rows, the planner
		// stops using the similarity and backlog indexes (bench/feedback.ts). PostgreSQL would get
		// there on its own, later.
		if (totals.created + totals.updated > 1000) {
			await db.exec('analyze ideas, feedback, requesters, companies');
		}
		await db.query(
			sql`update imports set state = 'done', finished_at = now() where id = ${importId}`
		);
	} catch (error) {
		// The batches written before the failure stay, so their ideas' demand must count them.
		await refreshDemand(db, touched);
		const message =
			error instanceof RowError || error instanceof AppError
				? error.message
				: 'the file could not be read as CSV';
		if (!(error instanceof RowError) && !(error instanceof AppError) && !isCsvError(error)) {
			await markFailed(db, importId, errors, 'the import stopped on an internal error');
			throw error;
		}
		await markFailed(db, importId, errors, message);
	}
	const rows = await db.query<ImportRowDb>(sql`
		select id, format, state, rows, created, updated, skipped, errors, created_at, finished_at
		from imports where id = ${importId}`);
	return toStatus(rows[0]);
}

/** csv-parse's own errors (unclosed quote, record too big) carry a code starting with CSV_. */
function isCsvError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && code.startsWith('CSV_');
}

async function markFailed(
	db: Queryable,
	importId: string,
	errors: ImportStatus['errors'],
	message: string
) {
	const all = [...errors, { line: 0, message }];
	await db.query(sql`
		update imports set state = 'failed', finished_at = now(), errors = ${JSON.stringify(all)}::jsonb
		where id = ${importId}`);
}

/** Writes one batch in one transaction; counts each row once as created, updated or skipped. */
async function writeBatch(db: Database, productId: string, rows: ImportRow[]) {
	return db.transaction(async (tx) => {
		// One upsert per idea key: the last row of a key in the batch carries its fields.
		const ideas = new Map(rows.map((r) => [r.idea.key, r.idea]));
		const changed = await tx.query<{ external_id: string; inserted: boolean }>(sql`
			insert into ideas as i (id, product_id, external_id, title, description, tags, external_votes)
			select v.id, v.product_id, v.external_id, v.title, v.description, v.tags::text[],
				v.external_votes::int
			from (values ${valuesList(
				[...ideas.values()].map((idea) => [
					newId(),
					productId,
					idea.key,
					idea.title,
					idea.description,
					arrayLiteral(idea.tags),
					idea.votes
				])
			)}) as v (id, product_id, external_id, title, description, tags, external_votes)
			on conflict (product_id, external_id) where external_id is not null do update set
				title = excluded.title, description = excluded.description, tags = excluded.tags,
				external_votes = excluded.external_votes
			where (i.title, i.description, i.tags, i.external_votes)
				is distinct from (excluded.title, excluded.description, excluded.tags, excluded.external_votes)
			returning i.external_id, (i.xmax = 0) as inserted`);
		const ideaState = new Map(
			changed.map((c) => [c.external_id, c.inserted ? 'created' : 'updated'])
		);
		const ids = new Map(
			(
				await tx.query<{ id: string; external_id: string }>(sql`
					select id, external_id from ideas
					where product_id = ${productId} and external_id = any(${textArray([...ideas.keys()])})`)
			).map((r) => [r.external_id, r.id])
		);

		const items = rows.flatMap((r) => r.feedback.map((f) => ({ ...f, ideaKey: r.idea.key })));
		const companyIds = await ensureCompanies(tx, productId, items);
		const requesterIds = await ensureRequesters(tx, productId, items, companyIds);
		const seen = new Set<string>();
		const fresh = items.filter((f) => !seen.has(f.key) && seen.add(f.key));
		const inserted =
			fresh.length === 0
				? []
				: await tx.query<{ external_id: string; idea_id: string }>(sql`
			insert into feedback (id, product_id, text, source, external_id, requester_id, company_id,
				idea_id, state, received_at)
			select v.id, v.product_id, v.text, 'import', v.external_id, v.requester_id, v.company_id,
				v.idea_id, 'linked', coalesce(v.received_at::timestamptz, now())
			from (values ${valuesList(
				fresh.map((f) => {
					const requester = f.email ? requesterIds.get(f.email.toLowerCase()) : undefined;
					const company = f.company ? companyIds.get(f.company.name.toLowerCase()) : undefined;
					return [
						newId(),
						productId,
						f.text,
						f.key,
						requester?.id ?? null,
						company ?? requester?.companyId ?? null,
						ids.get(f.ideaKey)!,
						f.receivedAt?.toISOString() ?? null
					];
				})
			)}) as v (id, product_id, text, external_id, requester_id, company_id, idea_id, received_at)
			on conflict (product_id, external_id) where external_id is not null do nothing
			returning external_id, idea_id`);
		const newFeedback = new Set(inserted.map((r) => r.external_id));

		const counts = { created: 0, updated: 0, skipped: 0, touched: inserted.map((r) => r.idea_id) };
		const counted = new Set<string>();
		for (const row of rows) {
			const idea = counted.has(row.idea.key) ? undefined : ideaState.get(row.idea.key);
			counted.add(row.idea.key);
			if (idea === 'created' || row.feedback.some((f) => newFeedback.has(f.key))) counts.created++;
			else if (idea === 'updated') counts.updated++;
			else counts.skipped++;
		}
		return counts;
	});
}

function arrayLiteral(values: string[]): string {
	return '{' + values.map((v) => '"' + v.replace(/["\\]/g, '\\$&') + '"').join(',') + '}';
}

type Item = ImportRow['feedback'][number];

async function ensureCompanies(tx: Queryable, productId: string, items: Item[]) {
	const byName = new Map<string, NonNullable<Item['company']>>();
	for (const f of items) {
		if (!f.company) continue;
		// Rows of one company may leave ARR or segment blank: the first value given counts.
		const known = byName.get(f.company.name.toLowerCase());
		byName.set(f.company.name.toLowerCase(), {
			name: known?.name ?? f.company.name,
			arr: known?.arr ?? f.company.arr,
			segment: known?.segment || f.company.segment
		});
	}
	if (byName.size === 0) return new Map<string, string>();
	const rows = await tx.query<{ id: string; key: string }>(sql`
		insert into companies as c (id, product_id, name, arr, segment)
		select v.id, v.product_id, v.name, v.arr::double precision, v.segment from (values ${valuesList(
			[...byName.values()].map((c) => [newId(), productId, c.name, c.arr, c.segment])
		)}) as v (id, product_id, name, arr, segment)
		on conflict (product_id, lower(name)) do update set
			arr = coalesce(c.arr, excluded.arr),
			segment = case when c.segment = '' then excluded.segment else c.segment end
		returning c.id, lower(c.name) as key`);
	return new Map(rows.map((r) => [r.key, r.id]));
}

async function ensureRequesters(
	tx: Queryable,
	productId: string,
	items: Item[],
	companies: Map<string, string>
) {
	const byEmail = new Map<string, Item>();
	for (const f of items) if (f.email) byEmail.set(f.email.toLowerCase(), f);
	if (byEmail.size === 0) return new Map<string, { id: string; companyId: string | null }>();
	const rows = await tx.query<{ id: string; key: string; company_id: string | null }>(sql`
		insert into requesters as r (id, product_id, email, name, company_id)
		select v.id, v.product_id, v.email, v.name, v.company_id from (values ${valuesList(
			[...byEmail.values()].map((f) => [
				newId(),
				productId,
				f.email,
				f.name,
				f.company ? (companies.get(f.company.name.toLowerCase()) ?? null) : null
			])
		)}) as v (id, product_id, email, name, company_id)
		on conflict (product_id, lower(email)) where email is not null do update set
			name = case when r.name = '' then excluded.name else r.name end,
			company_id = coalesce(r.company_id, excluded.company_id)
		returning r.id, lower(r.email) as key, r.company_id`);
	return new Map(rows.map((r) => [r.key, { id: r.id, companyId: r.company_id }]));
}

/**
 * The whole import of an upload: 413 past 50 MiB, the file spooled to disk, the import's record
 * made, and the rows read in the background (`done` settles when finished); poll getImport.
 */
export async function importCsv(
	db: Database,
	actor: Actor,
	productId: string,
	input: { format: unknown; mapping?: Partial<Record<ImportField, string>> },
	body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
	options: {
		maxBytes?: number;
		log?: (message: string, details?: Record<string, unknown>) => void;
	} = {}
): Promise<{ id: string; done: Promise<ImportStatus | undefined> }> {
	await requireProduct(db, actor, productId);
	const format = readFormat(input.format);
	const upload = await spoolUpload(body, options.maxBytes);
	let id: string;
	try {
		id = await createImport(db, actor, productId, format);
	} catch (error) {
		await upload.cleanup();
		throw error;
	}
	const done = runImport(db, productId, id, format, createReadStream(upload.path), {
		mapping: input.mapping
	})
		.catch((error) => {
			options.log?.('import failed', { importId: id, error: String(error) });
			return undefined;
		})
		.finally(() => upload.cleanup());
	return { id, done };
}

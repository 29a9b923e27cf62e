// Over 500 lines on purpose: one export document, read once in steps, and its three writers (JSON,
// the ideas CSV, the entries CSV) share the private cell and column helpers below.
import type { Idea } from './board.ts';
import { FRAMEWORK_IDS, type FrameworkId } from './frameworks/index.ts';
import { FUNCTIONS } from './functions.ts';
import { isFrameworkId } from './control.ts';

/**
 * Exports of a workshop's ideas with every group result: a JSON document (the complete record)
 * and a CSV table (one row per idea, for spreadsheets), both read from the tally document's plain
 * data, plus an RFC 4180 parser so the CSV can be checked to round-trip.
 */

const EXPORT_FORMAT = 'converge-export';
const EXPORT_VERSION = 1;

/** One value of the table. */
export type Cell = number | string | boolean | null;

export interface ExportInput {
	/** In the order the rows should have (readIdeas: oldest first). */
	ideas: readonly Pick<Idea, 'id' | 'title' | 'description'>[];
	/**
	 * The tally's `aggregates` entries, `<framework>|<ideaId>` → row (a Map or the Y.Map itself,
	 * both iterate as [key, value]). Entries of other ideas or unknown frameworks are skipped.
	 */
	aggregates: Iterable<readonly [string, unknown]>;
	/**
	 * The tally's `individual` entries, `<framework>|<ideaId>|<userId>` →
	 * `{ name, function, entry, proxy? }`.
	 */
	individual?: Iterable<readonly [string, unknown]>;
	/** ISO 8601 time of the export, kept as given (null when absent): output stays reproducible. */
	exportedAt?: string;
	/**
	 * What people call the ids the CSVs would otherwise show: scorecard criteria and OKR key
	 * results by id (see namesOf). Columns are named after them.
	 */
	names?: ReadonlyMap<string, string>;
}

/** The names of a workshop's criteria and key results by id, for ExportInput's `names`. */
export function namesOf(settings: {
	criteria: readonly { id: string; name: string }[];
	objectives: readonly { keyResults: readonly { id: string; title: string }[] }[];
}): Map<string, string> {
	const names = new Map<string, string>();
	for (const { id, name } of settings.criteria) names.set(id, name);
	for (const { keyResults } of settings.objectives) {
		for (const { id, title } of keyResults) names.set(id, title);
	}
	return names;
}

/** A column's name for an id: the thing's name where known, else the id. */
function columnName(prefix: string, id: string, names: ReadonlyMap<string, string> | undefined) {
	const name = names?.get(id)?.replace(/\s+/g, ' ').trim();
	return name ? `${prefix}${name}` : `${prefix}${id}`;
}

/** Numbers columns that would share a name (two criteria called the same): `Speed (1)`, `Speed (2)`. */
function uniqueNames(columns: { name: string }[]): void {
	const seen = new Map<string, number>();
	for (const column of columns) seen.set(column.name, (seen.get(column.name) ?? 0) + 1);
	const used = new Map<string, number>();
	for (const column of columns) {
		if ((seen.get(column.name) ?? 0) < 2) continue;
		const n = (used.get(column.name) ?? 0) + 1;
		used.set(column.name, n);
		column.name = `${column.name} (${n})`;
	}
}

/** One framework's group result for one idea. Every key is always present. */
export interface FrameworkScores {
	/** An anonymous workshop's result of too few people: only `voters` is filled. */
	hidden: boolean;
	/** People with a valid entry (buy-a-feature: backers). */
	voters: number | null;
	/** Rank by the framework's group score; null for frameworks that do not rank (MoSCoW, budget). */
	rank: number | null;
	/** The group score the rank follows (dots: dots; budget: amount pledged). */
	score: number | null;
	/** Median of everyone's own number (numeric frameworks); for RICE, ICE and WSJF not the score. */
	median: number | null;
	/** Interquartile range of everyone's own number. */
	spread: number | null;
	/** Range of the function medians over the scale's span, 0–1. */
	divergence: number | null;
	/**
	 * What else the framework reports: the group median of each field (RICE `reach`, matrix
	 * `value`, and `value_spread`…), MoSCoW's `bucket`, `consensus`, `final`, `agreement` and count
	 * per bucket, buy-a-feature's `price`, `bought` and `shortfall`.
	 */
	fields: Record<string, Cell>;
	/** Weighted scorecard: the median score (1–5) per criterion id, in the criteria's order. */
	criteria: Record<string, number>;
	/** Median per function (department), in the order of FUNCTIONS. */
	byFunction: Record<string, number>;
}

/** One person's entry, when the workshop is not anonymous and the framework is revealed. */
export interface IndividualEntry {
	framework: FrameworkId;
	userId: string;
	name: string;
	function: string;
	/** The entry as the ballot holds it (docs/documents.md). */
	entry: unknown;
	/** Present when someone entered it on the person's behalf, as the tally records it. */
	proxy?: unknown;
}

export interface ExportIdea {
	id: string;
	title: string;
	description: string;
	/** Frameworks with a result for this idea, in the order of FRAMEWORK_IDS. */
	scores: Partial<Record<FrameworkId, FrameworkScores>>;
	/** By framework (FRAMEWORK_IDS order), then user id. */
	individual: IndividualEntry[];
}

/**
 * The JSON export. `format` and `version` identify it; a change that renames or retypes a key
 * raises the version. Given the same input it is the same, key order included.
 */
export interface ExportDocument {
	format: typeof EXPORT_FORMAT;
	version: typeof EXPORT_VERSION;
	exportedAt: string | null;
	/** Frameworks with a result for any idea, in the order of FRAMEWORK_IDS. */
	frameworks: FrameworkId[];
	ideas: ExportIdea[];
}

function record(value: unknown): Record<string, unknown> | null {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function num(value: unknown): number | null {
	return typeof value === 'number' ? value : null;
}

function cell(value: unknown): Cell {
	return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean'
		? value
		: null;
}

function emptyScores(): FrameworkScores {
	return {
		hidden: false,
		voters: null,
		rank: null,
		score: null,
		median: null,
		spread: null,
		divergence: null,
		fields: {},
		criteria: {},
		byFunction: {}
	};
}

/** Numbers of a plain object (a row's `median` or `spread` per field) into `fields`. */
function numbersInto(fields: Record<string, Cell>, value: unknown, suffix = '') {
	const numbers = record(value);
	if (!numbers) return;
	for (const [key, n] of Object.entries(numbers)) {
		if (typeof n === 'number') fields[key + suffix] = n;
	}
}

/** A numeric framework's row: its table's row plus the `consensus` and `ranking` the server adds. */
function numericScores(framework: FrameworkId, row: Record<string, unknown>): FrameworkScores {
	const scores = emptyScores();
	const consensus = record(row.consensus);
	const ranking = record(row.ranking);
	scores.voters = num(ranking?.voters) ?? num(consensus?.count) ?? num(row.count);
	scores.rank = num(ranking?.rank) ?? num(row.rank);
	scores.score =
		num(ranking?.score) ?? (framework === 'scorecard' ? num(row.composite) : num(row.score));
	scores.median = num(consensus?.median);
	scores.spread = num(ranking?.spread) ?? num(consensus?.spread);
	scores.divergence = num(consensus?.divergence);
	numbersInto(scores.fields, row.median);
	numbersInto(scores.fields, row.spread, '_spread');
	if (Array.isArray(row.breakdown)) {
		for (const part of row.breakdown.map(record)) {
			const median = num(part?.median);
			if (typeof part?.criterionId === 'string' && median !== null) {
				scores.criteria[part.criterionId] = median;
			}
		}
	}
	if (Array.isArray(consensus?.byFunction)) {
		for (const group of consensus.byFunction.map(record)) {
			const median = num(group?.median);
			if (typeof group?.function === 'string' && median !== null) {
				scores.byFunction[group.function] = median;
			}
		}
	}
	return scores;
}

function frameworkScores(framework: FrameworkId, row: Record<string, unknown>): FrameworkScores {
	if (row.hidden === true) {
		return { ...emptyScores(), hidden: true, voters: num(row.count) };
	}
	const scores = emptyScores();
	switch (framework) {
		case 'moscow': {
			scores.voters = num(row.count);
			for (const key of ['bucket', 'consensus', 'final', 'agreement']) {
				scores.fields[key] = cell(row[key]);
			}
			numbersInto(scores.fields, row.counts);
			return scores;
		}
		case 'dots':
			return { ...scores, voters: num(row.voters), rank: num(row.rank), score: num(row.dots) };
		case 'budget':
			scores.voters = num(row.backers);
			scores.score = num(row.pledged);
			for (const key of ['price', 'bought', 'shortfall']) scores.fields[key] = cell(row[key]);
			return scores;
		case 'okr':
			// The OKR map's results are workshop-wide (the tally's summary), not per idea.
			return scores;
		default:
			return numericScores(framework, row);
	}
}

function individualEntry(
	framework: FrameworkId,
	userId: string,
	value: unknown
): IndividualEntry | null {
	const raw = record(value);
	if (!raw || !('entry' in raw)) return null;
	const entry: IndividualEntry = {
		framework,
		userId,
		name: typeof raw.name === 'string' ? raw.name : '',
		function: typeof raw.function === 'string' ? raw.function : 'Other',
		entry: raw.entry
	};
	if (raw.proxy !== undefined) entry.proxy = raw.proxy;
	return entry;
}

const frameworkOrder = new Map<string, number>(FRAMEWORK_IDS.map((id, i) => [id, i]));

/** Entries of the tally read between two pauses of a large export (see readExport). */
export const READ_STEP = 2000;

function sizeOf(entries: Iterable<unknown> | undefined): number | null {
	const size = (entries as { size?: unknown } | undefined)?.size;
	return typeof size === 'number' ? size : null;
}

/**
 * Builds the JSON export, pausing (yielding a `read` chunk without text) after every `step`
 * tally entries read and ideas put together, so a caller can give the event loop its turn: a
 * workshop of 300 ideas × 40 people holds about 100,000 individual entries.
 */
function* readExport(input: ExportInput, step: number): Generator<ExportChunk, ExportDocument> {
	const known = new Set(input.ideas.map((idea) => idea.id));
	const scoresOf = new Map<string, Map<FrameworkId, FrameworkScores>>();
	const present = new Set<FrameworkId>();
	// Each individual entry counts twice: once read, once sorted with its idea's.
	const total =
		(sizeOf(input.aggregates) ?? 0) + 2 * (sizeOf(input.individual) ?? 0) + input.ideas.length;
	let read = 0;
	let sincePause = 0;
	const pause = (work = 1): ExportChunk | null => {
		read += work;
		sincePause += work;
		if (sincePause < step) return null;
		sincePause = 0;
		return { phase: 'read', text: '', rows: read, total: Math.max(total, read) };
	};
	for (const [key, value] of input.aggregates) {
		const paused = pause();
		if (paused) yield paused;
		const bar = key.indexOf('|');
		const framework = key.slice(0, bar);
		const ideaId = key.slice(bar + 1);
		const row = record(value);
		if (bar <= 0 || !row || !isFrameworkId(framework) || !known.has(ideaId)) continue;
		if (framework === 'okr') continue;
		let scores = scoresOf.get(ideaId);
		if (!scores) scoresOf.set(ideaId, (scores = new Map()));
		scores.set(framework, frameworkScores(framework, row));
		present.add(framework);
	}
	const individualOf = new Map<string, IndividualEntry[]>();
	for (const [key, value] of input.individual ?? []) {
		const paused = pause();
		if (paused) yield paused;
		const [framework, ideaId, userId, extra] = key.split('|');
		if (extra !== undefined || !userId || !isFrameworkId(framework) || !known.has(ideaId)) continue;
		const entry = individualEntry(framework, userId, value);
		if (!entry) continue;
		let entries = individualOf.get(ideaId);
		if (!entries) individualOf.set(ideaId, (entries = []));
		entries.push(entry);
	}
	const frameworks = FRAMEWORK_IDS.filter((id) => present.has(id));
	const ideas: ExportIdea[] = [];
	for (const idea of input.ideas) {
		const individual = individualOf.get(idea.id) ?? [];
		const paused = pause(1 + individual.length);
		if (paused) yield paused;
		const scores: ExportIdea['scores'] = {};
		const mine = scoresOf.get(idea.id);
		for (const framework of frameworks) {
			const found = mine?.get(framework);
			if (found) scores[framework] = found;
		}
		individual.sort(
			(a, b) =>
				frameworkOrder.get(a.framework)! - frameworkOrder.get(b.framework)! ||
				(a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
		);
		ideas.push({
			id: idea.id,
			title: idea.title,
			description: idea.description,
			scores,
			individual
		});
	}
	return {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: input.exportedAt ?? null,
		frameworks,
		ideas
	};
}

/** The JSON export (see ExportDocument). */
export function toJson(input: ExportInput): ExportDocument {
	const steps = readExport(input, Infinity);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

interface Column {
	name: string;
	value: (idea: ExportIdea) => Cell;
}

/**
 * Keys of several ordered lists in one order that keeps each list's order where they agree: a key
 * first seen in a later list goes right after the key it follows there.
 */
function mergeOrder(lists: Iterable<readonly string[]>): string[] {
	const merged: string[] = [];
	const seen = new Set<string>();
	for (const list of lists) {
		let at = 0;
		for (const key of list) {
			if (seen.has(key)) {
				at = merged.indexOf(key) + 1;
				continue;
			}
			seen.add(key);
			merged.splice(at++, 0, key);
		}
	}
	return merged;
}

const BASE_KEYS = ['voters', 'rank', 'score', 'median', 'spread', 'divergence'] as const;

const functionOrder = new Map<string, number>(FUNCTIONS.map((name, i) => [name, i]));

/**
 * The CSV's columns, only those some idea has a value for: `idea_id`, `title`, `description`,
 * then per framework `<fw>_voters`, `_rank`, `_score`, `_median`, `_spread`, `_divergence`,
 * `_hidden`, the fields (`rice_reach`, `matrix_value_spread`, `moscow_bucket`…), the scorecard's
 * `scorecard_criterion_<id>` and the function medians `<fw>_median_<Function>`.
 */
function csvColumns(doc: ExportDocument, names?: ReadonlyMap<string, string>): Column[] {
	const columns: Column[] = [
		{ name: 'idea_id', value: (idea) => idea.id },
		{ name: 'title', value: (idea) => idea.title },
		{ name: 'description', value: (idea) => idea.description }
	];
	for (const fw of doc.frameworks) {
		const all = doc.ideas.flatMap((idea) => idea.scores[fw] ?? []);
		for (const key of BASE_KEYS) {
			if (all.some((scores) => scores[key] !== null)) {
				columns.push({ name: `${fw}_${key}`, value: (idea) => idea.scores[fw]?.[key] ?? null });
			}
		}
		if (all.some((scores) => scores.hidden)) {
			columns.push({ name: `${fw}_hidden`, value: (idea) => idea.scores[fw]?.hidden ?? null });
		}
		for (const key of mergeOrder(all.map((scores) => Object.keys(scores.fields)))) {
			if (all.every((scores) => (scores.fields[key] ?? null) === null)) continue;
			columns.push({ name: `${fw}_${key}`, value: (idea) => idea.scores[fw]?.fields[key] ?? null });
		}
		for (const id of mergeOrder(all.map((scores) => Object.keys(scores.criteria)))) {
			columns.push({
				name: columnName(`${fw}_criterion_`, id, names),
				value: (idea) => idea.scores[fw]?.criteria[id] ?? null
			});
		}
		const functions = [...new Set(all.flatMap((scores) => Object.keys(scores.byFunction)))].sort(
			(a, b) =>
				(functionOrder.get(a) ?? Infinity) - (functionOrder.get(b) ?? Infinity) ||
				(a < b ? -1 : a > b ? 1 : 0)
		);
		for (const name of functions) {
			columns.push({
				name: `${fw}_median_${name}`,
				value: (idea) => idea.scores[fw]?.byFunction[name] ?? null
			});
		}
	}
	uniqueNames(columns);
	return columns;
}

/**
 * Text a spreadsheet would run as a formula (OWASP's CSV injection): ideas are written by any
 * participant, and the file is opened by someone else.
 */
const FORMULA = /^[=+\-@\t\r]/;

/** Decimals a CSV number keeps: a spreadsheet reader wants 1330.34, not 1330.3406593406592. */
export const CSV_DECIMALS = 2;

/**
 * One field: numbers rounded to CSV_DECIMALS (the JSON export keeps them exact); text quoted when
 * it holds a comma, quote or line break (RFC 4180), and prefixed with `'` when it would start a
 * formula.
 */
function field(value: Cell): string {
	if (value === null) return '';
	if (typeof value === 'number') return String(roundForCsv(value));
	if (typeof value !== 'string') return String(value);
	const text = FORMULA.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A number as the CSV writes it. */
export function roundForCsv(n: number): number {
	const scale = 10 ** CSV_DECIMALS;
	return Number.isFinite(n) ? Math.round(n * scale) / scale : n;
}

function line(cells: readonly Cell[]): string {
	return cells.map(field).join(',') + '\r\n';
}

/**
 * A piece of an export written in pieces (csvChunks, entriesCsvChunks, jsonChunks). A large
 * export first reads the tally (`read` pieces, no text, counting entries) and then writes
 * (`write` pieces, counting rows: ideas, or entries for entriesCsvChunks).
 */
export interface ExportChunk {
	phase: 'read' | 'write';
	text: string;
	/** Entries read, or rows written, so far, this piece's included. */
	rows: number;
	/** Entries to read, or rows to write, in all; while reading an estimate. */
	total: number;
}

/**
 * The CSV in pieces of `chunkSize` rows (the first also holds the header), so a large export can
 * show progress and yield to the room between pieces. Concatenated, the pieces are `toCsv`. A file
 * for Excel should start with a byte order mark ('\ufeff'), which is left to whoever writes it.
 */
export function* csvChunks(input: ExportInput, chunkSize = 100): Generator<ExportChunk> {
	const doc = yield* readExport(input, READ_STEP);
	yield* tableChunks(csvColumns(doc, input.names), doc.ideas, chunkSize);
}

/** A header and one line per item, in pieces of `chunkSize` lines (the first with the header). */
function* tableChunks<T>(
	columns: readonly { name: string; value: (item: T) => Cell }[],
	items: readonly T[],
	chunkSize: number
): Generator<ExportChunk> {
	if (!(chunkSize >= 1)) throw new RangeError('chunkSize must be at least 1');
	const total = items.length;
	let text = line(columns.map((column) => column.name));
	let rows = 0;
	for (const item of items) {
		text += line(columns.map((column) => column.value(item)));
		rows++;
		if (rows % chunkSize === 0 || rows === total) {
			yield { phase: 'write', text, rows, total };
			text = '';
		}
	}
	if (total === 0) yield { phase: 'write', text, rows, total };
}

interface EntryRow {
	idea: ExportIdea;
	entry: IndividualEntry;
}

/**
 * The individual entries as a table, one line per person, idea and framework: `idea_id`,
 * `title`, `framework`, `user_id`, `name`, `function`, `proxy` (whether someone entered it on
 * the person's behalf; false unless the tally says so), then the entry: `entry` for a single value
 * (MoSCoW's bucket, dots), `entry_<field>` for each field of an object (RICE's `entry_reach`, a
 * scorecard's `entry_<criterion id>`). Only what the tally holds, so nothing of a blind or
 * anonymous workshop. In pieces like csvChunks.
 */
export function* entriesCsvChunks(input: ExportInput, chunkSize = 500): Generator<ExportChunk> {
	const doc = yield* readExport(input, READ_STEP);
	const rows: EntryRow[] = doc.ideas.flatMap((idea) =>
		idea.individual.map((entry) => ({ idea, entry }))
	);
	const fieldsOf = (entry: unknown) => {
		const fields = record(entry);
		return fields && !Array.isArray(fields) ? fields : null;
	};
	const columns: { name: string; value: (row: EntryRow) => Cell }[] = [
		{ name: 'idea_id', value: (row) => row.idea.id },
		{ name: 'title', value: (row) => row.idea.title },
		{ name: 'framework', value: (row) => row.entry.framework },
		{ name: 'user_id', value: (row) => row.entry.userId },
		{ name: 'name', value: (row) => row.entry.name },
		{ name: 'function', value: (row) => row.entry.function },
		{ name: 'proxy', value: (row) => isProxy(row.entry.proxy) }
	];
	if (rows.some((row) => fieldsOf(row.entry.entry) === null)) {
		columns.push({
			name: 'entry',
			value: (row) => (fieldsOf(row.entry.entry) ? null : cell(row.entry.entry))
		});
	}
	for (const key of mergeOrder(rows.map((row) => Object.keys(fieldsOf(row.entry.entry) ?? {})))) {
		columns.push({
			name: columnName('entry_', key, input.names),
			value: (row) => cell(fieldsOf(row.entry.entry)?.[key])
		});
	}
	uniqueNames(columns);
	yield* tableChunks(columns, rows, chunkSize);
}

/** The tally marks a proxy entry with who entered it or with `true`; anything else is no proxy. */
function isProxy(value: unknown): boolean {
	return value !== undefined && value !== null && value !== false && value !== '';
}

/**
 * The JSON export (toJson) as text in pieces of `chunkSize` ideas, so a large workshop's export
 * can yield to the room while it is written. Concatenated, the pieces parse to toJson(input).
 */
export function* jsonChunks(input: ExportInput, chunkSize = 100): Generator<ExportChunk> {
	if (!(chunkSize >= 1)) throw new RangeError('chunkSize must be at least 1');
	const { ideas, ...head } = yield* readExport(input, READ_STEP);
	const total = ideas.length;
	// The head's keys, then "ideas" last, as toJson orders them.
	let text = JSON.stringify(head).slice(0, -1) + ',"ideas":[';
	let rows = 0;
	for (const idea of ideas) {
		text += (rows > 0 ? ',\n' : '\n') + JSON.stringify(idea);
		rows++;
		if (rows % chunkSize === 0 && rows < total) {
			yield { phase: 'write', text, rows, total };
			text = '';
		}
	}
	yield { phase: 'write', text: text + ']}\n', rows, total };
}

/**
 * The CSV export (RFC 4180: CRLF line ends, a header row, fields quoted when needed), one row per
 * idea; see csvColumns for the columns.
 */
export function toCsv(input: ExportInput): string {
	let text = '';
	for (const chunk of csvChunks(input, Infinity)) text += chunk.text;
	return text;
}

export class CsvError extends Error {
	name = 'CsvError';
}

/**
 * Parses RFC 4180 text into records of fields. Accepts LF as well as CRLF line ends, a leading byte
 * order mark and a last line without a line end; a quote inside an unquoted field is kept as text.
 * Throws CsvError for a quoted field that is never closed or is followed by anything but a comma or
 * a line end.
 */
export function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const n = text.length;
	if (i >= n) return records;
	for (;;) {
		let value = '';
		if (text[i] === '"') {
			i++;
			for (;;) {
				const quote = text.indexOf('"', i);
				if (quote < 0) throw new CsvError(`A quoted field is not closed (from offset ${i - 1})`);
				value += text.slice(i, quote);
				i = quote + 1;
				if (text[i] !== '"') break;
				value += '"';
				i++;
			}
			if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
				throw new CsvError(`Unexpected text after a quoted field at offset ${i}`);
			}
		} else {
			const start = i;
			while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') i++;
			value = text.slice(start, i);
		}
		record.push(value);
		if (i >= n) break;
		if (text[i] === ',') {
			i++;
			continue;
		}
		// A line end: CRLF, LF, or a lone CR.
		i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
		records.push(record);
		record = [];
		if (i >= n) return records;
	}
	records.push(record);
	return records;
}

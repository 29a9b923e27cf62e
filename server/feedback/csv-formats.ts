/**
 * What a CSV row of each import format means: Jira's and Linear's issue exports (their documented
 * column names) and a generic file. Pure: header row in, a mapping out; a record in, an import row
 * (or a per-line error) out. Jira repeats `Labels`, `Comment`, `Component/s`… once per value, so a
 * mapping holds column indexes, not names.
 */

export type ImportFormat = 'jira' | 'linear' | 'generic';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['jira', 'linear', 'generic'];

/** The fields an import understands. */
export type ImportField =
	| 'externalId'
	| 'title'
	| 'description'
	| 'tags'
	| 'votes'
	| 'comments'
	| 'text'
	| 'email'
	| 'name'
	| 'company'
	| 'arr'
	| 'segment'
	| 'created';

/** Field → the columns (0-based) that feed it. */
export type Mapping = Partial<Record<ImportField, number[]>>;

/** Header names per field, lowercase; the first that is present wins. Several columns may match. */
const HEADERS: Record<ImportFormat, Partial<Record<ImportField, string[]>>> = {
	// Jira Cloud "Export CSV (all fields)": Summary, Issue key, Issue id, Issue Type, Status, …,
	// Reporter, Created, Votes, Labels (repeated), Description, Comment (repeated), Component/s.
	jira: {
		externalId: ['issue key'],
		title: ['summary'],
		description: ['description'],
		tags: ['labels', 'component/s'],
		votes: ['votes'],
		comments: ['comment'],
		created: ['created']
	},
	// Linear "Export CSV": ID, Team, Title, Description, Status, Estimate, Priority, Project ID,
	// Project, Creator, Assignee, Labels (comma-separated in one column), …, Created, Updated.
	linear: {
		externalId: ['id'],
		title: ['title'],
		description: ['description'],
		tags: ['labels'],
		created: ['created']
	},
	generic: {
		externalId: ['external id', 'external_id', 'id', 'key'],
		title: ['title', 'idea', 'summary'],
		description: ['description', 'details'],
		tags: ['tags', 'labels'],
		votes: ['votes'],
		text: ['feedback', 'text', 'comment', 'request'],
		email: ['email', 'requester email', 'requester_email', 'requester'],
		name: ['name', 'requester name', 'requester_name'],
		company: ['company', 'account', 'organization'],
		arr: ['arr', 'company arr', 'revenue'],
		segment: ['segment', 'tier', 'plan'],
		created: ['created', 'date', 'received']
	}
};

/** The column every row of a format needs. */
const REQUIRED: Record<ImportFormat, ImportField[]> = {
	jira: ['title', 'externalId'],
	linear: ['title', 'externalId'],
	generic: ['title']
};

/** Which columns feed which fields, from the header row; a missing required column is an error. */
export function mapHeader(
	format: ImportFormat,
	header: string[]
): { mapping: Mapping; missing: string[] } {
	const names = header.map((h) => h.trim().toLowerCase());
	const mapping: Mapping = {};
	for (const [field, aliases] of Object.entries(HEADERS[format]) as [ImportField, string[]][]) {
		const repeats = field === 'tags' || field === 'comments';
		for (const alias of aliases) {
			const columns = names.flatMap((n, i) => (n === alias ? [i] : []));
			if (columns.length === 0) continue;
			mapping[field] = repeats ? [...(mapping[field] ?? []), ...columns] : columns.slice(0, 1);
			if (!repeats) break;
		}
	}
	const missing = REQUIRED[format].filter((f) => !mapping[f]).map((f) => HEADERS[format][f]![0]);
	return { mapping, missing };
}

/** Replaces the automatic choice of columns for some fields (the preview's "map this column"). */
export function overrideMapping(
	mapping: Mapping,
	header: string[],
	chosen: Partial<Record<ImportField, string>>
): Mapping {
	const result = { ...mapping };
	const names = header.map((h) => h.trim().toLowerCase());
	for (const [field, name] of Object.entries(chosen) as [ImportField, string][]) {
		if (!name) {
			delete result[field];
			continue;
		}
		const columns = names.flatMap((n, i) => (n === name.trim().toLowerCase() ? [i] : []));
		if (columns.length > 0) result[field] = columns;
	}
	return result;
}

export interface ImportRow {
	/** The 1-based line of the file the record starts on. */
	line: number;
	idea: {
		/** Jira's issue key, Linear's id, or for a generic file its id column or its title. */
		key: string;
		title: string;
		description: string;
		tags: string[];
		votes: number;
	};
	/** Feedback items the row brings, each with a key stable across re-imports. */
	feedback: {
		key: string;
		text: string;
		email: string | null;
		name: string;
		company: { name: string; arr: number | null; segment: string } | null;
		receivedAt: Date | null;
	}[];
}

export class RowError extends Error {
	name = 'RowError';
}

const cell = (record: string[], mapping: Mapping, field: ImportField) =>
	(mapping[field] ?? []).map((i) => (record[i] ?? '').trim()).filter(Boolean);

const first = (record: string[], mapping: Mapping, field: ImportField) =>
	cell(record, mapping, field)[0] ?? '';

/** Jira writes dates as `07/Dec/26 10:15 AM` (its default), Linear and generic files ISO 8601. */
export function parseDate(text: string): Date | null {
	if (!text) return null;
	const jira = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2,4})(?: (\d{1,2}):(\d{2})(?: ?([AP]M))?)?$/i.exec(
		text
	);
	if (jira) {
		const month = 'janfebmaraprmayjunjulaugsepoctnovdec'.indexOf(jira[2].toLowerCase()) / 3;
		if (month < 0 || !Number.isInteger(month)) return null;
		let hour = Number(jira[4] ?? 0) % 12;
		if (jira[6]?.toUpperCase() === 'PM') hour += 12;
		if (!jira[6] && jira[4]) hour = Number(jira[4]);
		const year = jira[3].length === 2 ? 2000 + Number(jira[3]) : Number(jira[3]);
		return new Date(Date.UTC(year, month, Number(jira[1]), hour, Number(jira[5] ?? 0)));
	}
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? null : date;
}

function readNumber(text: string, what: string): number | null {
	if (!text) return null;
	const value = Number(text.replace(/[\s,$€£]/g, ''));
	if (!Number.isFinite(value) || value < 0) throw new RowError(`${what} "${text}" is not a number`);
	return value;
}

/**
 * One Jira comment cell: `date;author;text` (the author is an account id, never an email);
 * anything else is taken as the text.
 */
function jiraComment(text: string): { text: string; receivedAt: Date | null } {
	const match = /^([^;]+);([^;]*);([\s\S]*)$/.exec(text);
	const date = match && parseDate(match[1].trim());
	return date ? { text: match![3].trim(), receivedAt: date } : { text, receivedAt: null };
}

const LIMIT = { title: 200, description: 5000, text: 10_000, key: 200 };

/** The meaning of one record, or a RowError saying what is wrong with it. */
export function readRow(
	format: ImportFormat,
	mapping: Mapping,
	record: string[],
	line: number
): ImportRow {
	const title = first(record, mapping, 'title');
	if (!title) throw new RowError('the title is empty');
	if (title.length > LIMIT.title)
		throw new RowError(`the title is longer than ${LIMIT.title} characters`);
	const key =
		first(record, mapping, 'externalId') ||
		(format === 'generic' ? `title:${title.toLowerCase()}` : '');
	if (!key) throw new RowError(format === 'jira' ? 'the Issue key is empty' : 'the ID is empty');
	if (key.length > LIMIT.key) throw new RowError('the id is too long');
	const tags = [
		...new Set(
			cell(record, mapping, 'tags')
				// Linear (and generic files) put several labels in one cell, comma-separated.
				.flatMap((t) => (format === 'jira' ? t.split(/\s+/) : t.split(',')))
				.map((t) => t.trim().toLowerCase().slice(0, 40))
				.filter(Boolean)
		)
	].slice(0, 20);
	const votes = readNumber(first(record, mapping, 'votes'), 'Votes') ?? 0;
	const created = parseDate(first(record, mapping, 'created'));
	const row: ImportRow = {
		line,
		idea: {
			key,
			title,
			description: first(record, mapping, 'description').slice(0, LIMIT.description),
			tags,
			votes: Math.min(Math.round(votes), 2_000_000_000)
		},
		feedback: []
	};
	cell(record, mapping, 'comments').forEach((raw, n) => {
		const comment = jiraComment(raw);
		if (comment.text) {
			row.feedback.push({
				key: `${key}#comment-${n + 1}`,
				text: comment.text.slice(0, LIMIT.text),
				email: null,
				name: '',
				company: null,
				receivedAt: comment.receivedAt ?? created
			});
		}
	});
	const email = first(record, mapping, 'email');
	const text = first(record, mapping, 'text');
	if (email || text) {
		if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			throw new RowError(`"${email}" is not an email address`);
		}
		const companyName = first(record, mapping, 'company').slice(0, 120);
		row.feedback.push({
			// Stable across re-imports, distinct for two asks of one person.
			key: `${key}#${email.toLowerCase()}#${text.slice(0, 80)}`,
			text: (text || title).slice(0, LIMIT.text),
			email: email || null,
			name: first(record, mapping, 'name').slice(0, 120),
			company: companyName
				? {
						name: companyName,
						arr: readNumber(first(record, mapping, 'arr'), 'ARR'),
						segment: first(record, mapping, 'segment').slice(0, 60)
					}
				: null,
			receivedAt: created
		});
	}
	return row;
}

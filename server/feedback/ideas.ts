import type { IdeaStatus } from '../../src/lib/model/idea-status.ts';
import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql, type Fragment } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { optionalString, requireString } from '../validation.ts';
import { queueEvent } from '../delivery/outbox.ts';
import { requireProduct, type Actor } from './access.ts';
import { refreshDemand, toDemand, type Demand, type DemandRow } from './demand.ts';

const IDEA_LIMITS = { title: 200, description: 5000, tags: 20, tag: 40 } as const;

export interface Idea {
	id: string;
	title: string;
	description: string;
	tags: string[];
	status: IdeaStatus;
	public: boolean;
	/** The idea this one was merged into, or null. */
	mergedInto: string | null;
	externalId: string | null;
	/** Votes counted in the tool the idea was imported from (anonymous, not in demand). */
	externalVotes: number;
	createdAt: Date;
	/** Of the idea and everything merged into it. */
	demand: Demand & {
		/** Feedback items and portal votes received in the last 30 days. */
		trend: number;
	};
}

export interface FeedbackQuote {
	id: string;
	text: string;
	source: string;
	receivedAt: Date;
	/** The idea it is linked to (this one or one merged into it). */
	ideaId: string;
	requester: { name: string; email: string | null } | null;
	company: { name: string; segment: string } | null;
}

export interface IdeaDetail extends Idea {
	/** Ideas merged into this one (directly), with their own demand. */
	mergedFrom: Idea[];
	/** The title of mergedInto, to say "merged into …". */
	mergedIntoTitle: string | null;
	/** The newest feedback of the idea and its merged ideas, newest first. */
	recentFeedback: FeedbackQuote[];
	votes: number;
}

export type IdeaSort = 'demand' | 'arr' | 'newest' | 'trend';
const IDEA_SORTS: readonly IdeaSort[] = ['demand', 'arr', 'newest', 'trend'];

export interface IdeaFilter {
	sort?: IdeaSort;
	/** Words of the title or description. */
	q?: string;
	tag?: string;
	/** A company segment that asked for it. */
	segment?: string;
	/** A company id that asked for it. */
	company?: string;
	/** A feedback source ('portal', 'api', …) that asked for it. */
	source?: string;
	/** Include ideas merged into another (default: only the ones standing on their own). */
	merged?: boolean;
	limit?: number;
	offset?: number;
}

interface IdeaRow extends DemandRow {
	id: string;
	title: string;
	description: string;
	tags: string[] | string;
	status: IdeaStatus;
	public: boolean;
	merged_into: string | null;
	external_id: string | null;
	external_votes: number;
	created_at: Date;
	trend?: number;
}

const IDEA_COLUMNS = sql`i.id, i.title, i.description, i.tags, i.status, i.public, i.merged_into,
	i.external_id, i.external_votes, i.created_at, i.demand_requesters, i.demand_companies,
	i.demand_arr, i.demand_feedback, i.demand_segments`;

function toIdea(row: IdeaRow, trend = row.trend ?? 0): Idea {
	return {
		id: row.id,
		title: row.title,
		description: row.description,
		tags: typeof row.tags === 'string' ? parseTextArray(row.tags) : row.tags,
		status: row.status,
		public: row.public,
		mergedInto: row.merged_into,
		externalId: row.external_id,
		externalVotes: row.external_votes,
		createdAt: new Date(row.created_at),
		demand: { ...toDemand(row), trend }
	};
}

/** PostgreSQL's text form of text[] ({a,"b c"}), in case a driver hands it over unparsed. */
function parseTextArray(text: string): string[] {
	const inner = text.slice(1, -1);
	if (!inner) return [];
	return (inner.match(/"((?:[^"\\]|\\.)*)"|[^,]+/g) ?? []).map((t) =>
		t.startsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t
	);
}

/** Tags from untrusted input: trimmed, lowercased, unique, at most 20 of 40 characters. */
function readTags(raw: unknown, field = 'tags'): string[] {
	if (raw === undefined || raw === null) return [];
	const list = typeof raw === 'string' ? raw.split(',') : raw;
	if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) {
		throw new AppError('bad_request', 'tags must be a list of words', field);
	}
	const tags = [...new Set((list as string[]).map((t) => t.trim().toLowerCase()).filter(Boolean))];
	if (tags.length > IDEA_LIMITS.tags) {
		throw new AppError('bad_request', `At most ${IDEA_LIMITS.tags} tags`, field);
	}
	if (tags.some((t) => t.length > IDEA_LIMITS.tag)) {
		throw new AppError('bad_request', `A tag is at most ${IDEA_LIMITS.tag} characters`, field);
	}
	return tags;
}

/** text[] as a bound parameter both drivers accept: PostgreSQL's array literal, cast. */
export function textArray(values: string[]): Fragment {
	const literal = '{' + values.map((v) => '"' + v.replace(/["\\]/g, '\\$&') + '"').join(',') + '}';
	return sql`${literal}::text[]`;
}

export async function createIdea(
	db: Queryable,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
): Promise<Idea> {
	const access = await requireProduct(db, actor, productId);
	const title = requireString(input, 'title', { max: IDEA_LIMITS.title, label: 'Title' });
	const description = optionalString(input, 'description', {
		max: IDEA_LIMITS.description,
		label: 'Description'
	});
	const tags = readTags(input.tags);
	if (input.public !== undefined && typeof input.public !== 'boolean') {
		throw new AppError('bad_request', 'public must be true or false', 'public');
	}
	const rows = await db.query<IdeaRow>(sql`
		insert into ideas as i (id, product_id, title, description, tags, public, created_by)
		values (${newId()}, ${productId}, ${title}, ${description}, ${textArray(tags)},
			${input.public === true}, ${access.userId})
		returning ${IDEA_COLUMNS}`);
	return toIdea(rows[0]);
}

/** Changes title, description, tags or whether the portal shows it. */
export async function updateIdea(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string,
	input: Record<string, unknown>
): Promise<Idea> {
	await requireProduct(db, actor, productId);
	const title =
		input.title === undefined
			? null
			: requireString(input, 'title', { max: IDEA_LIMITS.title, label: 'Title' });
	const description =
		input.description === undefined
			? null
			: optionalString(input, 'description', {
					max: IDEA_LIMITS.description,
					label: 'Description'
				});
	const tags = input.tags === undefined ? null : readTags(input.tags);
	if (input.public !== undefined && typeof input.public !== 'boolean') {
		throw new AppError('bad_request', 'public must be true or false', 'public');
	}
	const rows = await db.query<IdeaRow>(sql`
		update ideas i set
			title = coalesce(${title}, title),
			description = coalesce(${description}, description),
			tags = ${tags ? textArray(tags) : sql`tags`},
			public = coalesce(${(input.public as boolean | undefined) ?? null}::boolean, public)
		where id = ${ideaId} and product_id = ${productId}
		returning ${IDEA_COLUMNS}`);
	if (!rows[0]) throw new AppError('not_found', 'No such idea');
	return toIdea(rows[0]);
}

const TREND_DAYS = 30;

/** Feedback and votes of the last 30 days for each of the ideas, counting what is merged into it. */
async function trends(db: Queryable, ideaIds: string[]) {
	if (ideaIds.length === 0) return new Map<string, number>();
	const rows = await db.query<{ id: string; trend: number }>(sql`
		with recursive down (top, id) as (
			select id, id from ideas where id = any(${textArray(ideaIds)})
			union all
			select d.top, c.id from down d cross join lateral (
				select id from ideas where merged_into = d.id offset 0
			) c
		)
		select d.top as id, sum(
			(select count(*) from feedback f where f.idea_id = d.id
				and f.received_at > now() - make_interval(days => ${TREND_DAYS}))
			+ (select count(*) from idea_votes v where v.idea_id = d.id
				and v.created_at > now() - make_interval(days => ${TREND_DAYS})))::int as trend
		from down d group by d.top`);
	return new Map(rows.map((r) => [r.id, r.trend]));
}

/** The backlog: one page of ideas, filtered and sorted, with the total that match. */
export async function listIdeas(
	db: Queryable,
	actor: Actor,
	productId: string,
	filter: IdeaFilter = {}
): Promise<{ ideas: Idea[]; total: number }> {
	await requireProduct(db, actor, productId);
	const sort = filter.sort ?? 'demand';
	if (!IDEA_SORTS.includes(sort)) {
		throw new AppError('bad_request', `sort must be one of: ${IDEA_SORTS.join(', ')}`, 'sort');
	}
	const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 200);
	const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
	const q = filter.q?.trim() ?? '';
	const where = [sql`i.product_id = ${productId}`];
	if (!filter.merged) where.push(sql`i.merged_into is null`);
	if (q) {
		where.push(
			sql`(i.search @@ plainto_tsquery('english', ${q}) or i.title ilike ${'%' + q.replace(/[\\%_]/g, '\\$&') + '%'})`
		);
	}
	if (filter.tag) where.push(sql`i.tags @> ${textArray([filter.tag.trim().toLowerCase()])}`);
	if (filter.segment !== undefined && filter.segment !== '') {
		where.push(sql`i.demand_segments ? ${filter.segment}`);
	}
	// Company and source are properties of the feedback: the idea's own or of ideas merged into it.
	const asked = (condition: Fragment) => sql`exists (
		select 1 from feedback f left join ideas m on m.id = f.idea_id
		where (f.idea_id = i.id or m.merged_into = i.id) and ${condition})`;
	if (filter.company) where.push(asked(sql`f.company_id = ${filter.company}`));
	if (filter.source) where.push(asked(sql`f.source = ${filter.source}`));
	const condition = where.reduce((a, b) => sql`${a} and ${b}`);

	const [{ total }] = await db.query<{ total: number }>(
		sql`select count(*)::int as total from ideas i where ${condition}`
	);
	let rows: IdeaRow[];
	if (sort === 'trend') {
		// The last 30 days of the product's linked feedback and votes, each counted for the idea at
		// the top of its merge chain (one scan of an index, feedback_recent), not per idea.
		rows = await db.query<IdeaRow>(sql`
			with recursive up (id, top) as (
				select id, merged_into from ideas where product_id = ${productId} and merged_into is not null
				union all
				select up.id, i.merged_into from up join ideas i on i.id = up.top where i.merged_into is not null
			),
			-- Each merged idea with the idea at the top of its chain (merged ideas are few).
			tops as (select up.id, up.top from up join ideas r on r.id = up.top where r.merged_into is null),
			recent (idea_id) as (
				select idea_id from feedback
				where product_id = ${productId} and idea_id is not null
					and received_at > now() - make_interval(days => ${TREND_DAYS})
				union all
				select v.idea_id from idea_votes v join ideas x on x.id = v.idea_id
				where x.product_id = ${productId} and v.created_at > now() - make_interval(days => ${TREND_DAYS})
			),
			t as (
				select coalesce(tops.top, recent.idea_id) as id, count(*)::int as trend
				from recent left join tops on tops.id = recent.idea_id
				group by coalesce(tops.top, recent.idea_id)
			)
			select ${IDEA_COLUMNS}, coalesce(t.trend, 0) as trend
			from ideas i left join t on t.id = i.id
			where ${condition}
			order by coalesce(t.trend, 0) desc, i.demand_requesters desc, i.created_at desc, i.id
			limit ${limit} offset ${offset}`);
	} else {
		const order = {
			demand: sql`i.demand_requesters desc, i.created_at desc`,
			arr: sql`i.demand_arr desc, i.created_at desc`,
			newest: sql`i.created_at desc`
		}[sort];
		rows = await db.query<IdeaRow>(sql`
			select ${IDEA_COLUMNS} from ideas i where ${condition}
			order by ${order}, i.id limit ${limit} offset ${offset}`);
		const trend = await trends(
			db,
			rows.map((r) => r.id)
		);
		for (const row of rows) row.trend = trend.get(row.id) ?? 0;
	}
	return { ideas: rows.map((r) => toIdea(r)), total };
}

async function ideaRow(db: Queryable, productId: string, ideaId: string): Promise<IdeaRow> {
	const rows = await db.query<IdeaRow>(
		sql`select ${IDEA_COLUMNS} from ideas i where i.id = ${ideaId} and i.product_id = ${productId}`
	);
	if (!rows[0]) throw new AppError('not_found', 'No such idea');
	return rows[0];
}

/** One idea with its demand, the ideas merged into it, and its newest feedback. */
export async function getIdea(
	db: Queryable,
	actor: Actor,
	productId: string,
	ideaId: string,
	options: { feedback?: number } = {}
): Promise<IdeaDetail> {
	await requireProduct(db, actor, productId);
	const row = await ideaRow(db, productId, ideaId);
	const children = await db.query<IdeaRow>(
		sql`select ${IDEA_COLUMNS} from ideas i where i.merged_into = ${ideaId} order by i.merged_at, i.id`
	);
	const trend = await trends(db, [ideaId, ...children.map((c) => c.id)]);
	const parent = row.merged_into
		? await db.query<{ title: string }>(sql`select title from ideas where id = ${row.merged_into}`)
		: [];
	const [{ votes }] = await db.query<{ votes: number }>(sql`
		with recursive down (id) as (
			select ${ideaId}::text union all select c.id from ideas c join down d on c.merged_into = d.id
		)
		select count(distinct v.requester_id)::int as votes from idea_votes v join down d on d.id = v.idea_id`);
	return {
		...toIdea(row, trend.get(ideaId) ?? 0),
		mergedFrom: children.map((c) => toIdea(c, trend.get(c.id) ?? 0)),
		mergedIntoTitle: parent[0]?.title ?? null,
		recentFeedback: await recentFeedback(db, ideaId, options.feedback ?? 10),
		votes
	};
}

async function recentFeedback(
	db: Queryable,
	ideaId: string,
	limit: number
): Promise<FeedbackQuote[]> {
	const rows = await db.query<{
		id: string;
		text: string;
		source: string;
		received_at: Date;
		idea_id: string;
		requester_name: string | null;
		requester_email: string | null;
		company_name: string | null;
		company_segment: string | null;
	}>(sql`
		with recursive down (id) as (
			select ${ideaId}::text union all select c.id from ideas c join down d on c.merged_into = d.id
		)
		select f.id, f.text, f.source, f.received_at, f.idea_id,
			r.name as requester_name, r.email as requester_email,
			c.name as company_name, c.segment as company_segment
		from down d join feedback f on f.idea_id = d.id
			left join requesters r on r.id = f.requester_id
			left join companies c on c.id = f.company_id
		order by f.received_at desc, f.id
		limit ${limit}`);
	return rows.map((r) => ({
		id: r.id,
		text: r.text,
		source: r.source,
		receivedAt: new Date(r.received_at),
		ideaId: r.idea_id,
		requester:
			r.requester_email !== null
				? { name: r.requester_name ?? '', email: r.requester_email }
				: null,
		company:
			r.company_name !== null ? { name: r.company_name, segment: r.company_segment ?? '' } : null
	}));
}

export interface SimilarIdea {
	id: string;
	title: string;
	/** 0–1, higher is closer: trigram similarity of titles with a share of full-text rank. */
	score: number;
}

/**
 * Ideas whose title is like the text (pg_trgm) or whose words match it (full-text search), best
 * first. Only ideas standing on their own; `publicOnly` for the portal.
 */
export async function findSimilar(
	db: Queryable,
	productId: string,
	text: string,
	options: { limit?: number; publicOnly?: boolean; except?: string } = {}
): Promise<SimilarIdea[]> {
	const q = text.trim().slice(0, 200);
	if (q.length < 3) return [];
	const limit = Math.min(options.limit ?? 10, 50);
	const standing = sql`product_id = ${productId} and merged_into is null
		and (${options.publicOnly ?? false} = false or public) and id <> ${options.except ?? ''}`;
	// Candidates from index scans that stop early or rank few rows (titles nearest by word
	// trigrams, GiST; full-text matches of any of the text's words, GIN), then scored and
	// filtered: an OR of both in one WHERE cannot use an index and read every title
	// (bench/feedback.ts). Long feedback that names a short title ("…dark mode please") is caught
	// by the any-word match and scored by how much of the title the text holds,
	// word_similarity(title, q), which no trigram index serves.
	const rows = await db.query<SimilarIdea>(sql`
		with words as (
			-- plainto_tsquery gives the stemmed words joined by &; the cast keeps them stemmed once
			select replace(plainto_tsquery('english', ${q})::text, '&', '|')::tsquery as terms
		), candidates as (
			(select id from ideas where ${standing} order by ${q} <<-> title limit 20)
			union
			(select id from ideas, words where ${standing} and search @@ words.terms
				order by ts_rank(search, words.terms) desc, demand_requesters desc limit 20)
		)
		select i.id, i.title, round(least(1,
			0.7 * greatest(similarity(i.title, ${q}), word_similarity(${q}, i.title),
				word_similarity(i.title, ${q}))
			+ 0.3 * least(1, ts_rank(i.search, words.terms) * 10)
		)::numeric, 3)::float8 as score
		from candidates c join ideas i on i.id = c.id, words
		where i.title % ${q} or ${q} <% i.title or i.title <% ${q} or i.search @@ words.terms
		order by score desc, i.demand_requesters desc, i.id
		limit ${limit}`);
	return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function similarIdeas(
	db: Queryable,
	actor: Actor,
	productId: string,
	text: string,
	options: { limit?: number; except?: string } = {}
): Promise<SimilarIdea[]> {
	await requireProduct(db, actor, productId);
	return findSimilar(db, productId, text, options);
}

export interface DuplicatePair {
	a: { id: string; title: string; requesters: number };
	b: { id: string; title: string; requesters: number };
	score: number;
}

/**
 * Pairs of standing ideas whose titles are at least `threshold` alike (pg_trgm), most alike
 * first; each newer idea is compared with the older ones, so a pair appears once.
 */
export async function possibleDuplicates(
	db: Queryable,
	actor: Actor,
	productId: string,
	options: { threshold?: number; limit?: number } = {}
): Promise<DuplicatePair[]> {
	await requireProduct(db, actor, productId);
	const threshold = options.threshold ?? 0.5;
	const rows = await db.query<{
		a_id: string;
		a_title: string;
		a_requesters: number;
		b_id: string;
		b_title: string;
		b_requesters: number;
		score: number;
	}>(sql`
		select a.id as a_id, a.title as a_title, a.demand_requesters as a_requesters,
			b.id as b_id, b.title as b_title, b.demand_requesters as b_requesters,
			similarity(a.title, b.title)::float8 as score
		from ideas a join ideas b
			on b.product_id = a.product_id and b.merged_into is null
			and (b.created_at, b.id) < (a.created_at, a.id) and a.title % b.title
		where a.product_id = ${productId} and a.merged_into is null
			and similarity(a.title, b.title) >= ${threshold}
		order by score desc, a.id, b.id
		limit ${Math.min(options.limit ?? 20, 100)}`);
	return rows.map((r) => ({
		a: { id: r.a_id, title: r.a_title, requesters: r.a_requesters },
		b: { id: r.b_id, title: r.b_title, requesters: r.b_requesters },
		score: Number(r.score)
	}));
}

/**
 * Merges an idea into another as a link (merged_into): its feedback, votes and duplicates stay
 * where they are, the target's demand counts the union, and unmerge gives both back exactly.
 */
export async function mergeIdea(
	db: Database,
	actor: Actor,
	productId: string,
	ideaId: string,
	input: Record<string, unknown>
): Promise<IdeaDetail> {
	await requireProduct(db, actor, productId);
	const into = requireString(input, 'into', { max: 40, label: 'into' });
	if (into === ideaId)
		throw new AppError('bad_request', 'An idea cannot be merged into itself', 'into');
	await db.transaction(async (tx) => {
		// Lock both rows so two merges at once cannot make a cycle.
		const rows = await tx.query<{ id: string; merged_into: string | null }>(sql`
			select id, merged_into from ideas
			where product_id = ${productId} and id in (${ideaId}, ${into}) order by id for update`);
		const source = rows.find((r) => r.id === ideaId);
		const target = rows.find((r) => r.id === into);
		if (!source) throw new AppError('not_found', 'No such idea');
		if (!target)
			throw new AppError('not_found', 'The idea to merge into is not in this product', 'into');
		if (target.merged_into) {
			throw new AppError(
				'bad_request',
				'That idea is itself merged into another; merge into that one instead',
				'into'
			);
		}
		if (source.merged_into) {
			throw new AppError('conflict', 'This idea is already merged; unmerge it first');
		}
		await tx.query(
			sql`update ideas set merged_into = ${into}, merged_at = now() where id = ${ideaId}`
		);
		await refreshDemand(tx, [ideaId]);
		await queueEvent(tx, productId, 'idea.merged', { idea: { id: ideaId }, into: { id: into } });
	});
	return getIdea(db, actor, productId, ideaId);
}

/** Undoes a merge: the idea stands on its own again and both figures are as before the merge. */
export async function unmergeIdea(
	db: Database,
	actor: Actor,
	productId: string,
	ideaId: string
): Promise<IdeaDetail> {
	await requireProduct(db, actor, productId);
	await db.transaction(async (tx) => {
		const rows = await tx.query<{ merged_into: string | null }>(sql`
			select merged_into from ideas where id = ${ideaId} and product_id = ${productId} for update`);
		if (!rows[0]) throw new AppError('not_found', 'No such idea');
		const parent = rows[0].merged_into;
		if (!parent) throw new AppError('bad_request', 'This idea is not merged');
		await tx.query(sql`update ideas set merged_into = null, merged_at = null where id = ${ideaId}`);
		await refreshDemand(tx, [ideaId, parent]);
	});
	return getIdea(db, actor, productId, ideaId);
}

import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireString } from '../validation.ts';
import { requireProduct, type Actor } from './access.ts';
import { refreshDemand, refreshDemandOfCompany } from './demand.ts';

export interface Company {
	id: string;
	name: string;
	arr: number | null;
	segment: string;
	/** Distinct requesters who asked from this company. */
	requesters: number;
}

export interface Requester {
	id: string;
	email: string | null;
	name: string;
	company: { id: string; name: string } | null;
	feedback: number;
}

const PEOPLE_LIMITS = { email: 254, name: 120, company: 120, segment: 60 } as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An untrusted email, trimmed and checked; stored as typed, compared without case. */
export function readEmail(raw: unknown, field = 'email'): string {
	const email = requireString({ [field]: raw }, field, {
		max: PEOPLE_LIMITS.email,
		label: 'Email'
	});
	if (!EMAIL.test(email)) throw new AppError('bad_request', 'Email is not an email address', field);
	return email;
}

export interface CompanyInput {
	name: string;
	arr?: number | null;
	segment?: string;
}

/** `{name, arr?, segment?}` from untrusted input; `field` prefixes the error's field. */
export function readCompany(raw: unknown, field = 'company'): CompanyInput {
	if (typeof raw === 'string') raw = { name: raw };
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new AppError('bad_request', 'company must be an object with a name', field);
	}
	const input = raw as Record<string, unknown>;
	const name = requireString(input, 'name', { max: PEOPLE_LIMITS.company, label: 'Company name' });
	return {
		name,
		arr: readArr(input.arr, `${field}.arr`),
		segment: readSegment(input.segment, `${field}.segment`)
	};
}

function readArr(raw: unknown, field: string): number | null | undefined {
	if (raw === undefined) return undefined;
	if (raw === null || raw === '') return null;
	const value = typeof raw === 'string' ? Number(raw.replace(/[\s,$€£]/g, '')) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e13) {
		throw new AppError('bad_request', 'ARR must be a number, 0 or more', field);
	}
	return value;
}

function readSegment(raw: unknown, field: string): string | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'string') throw new AppError('bad_request', 'Segment must be text', field);
	const segment = raw.trim();
	if (segment.length > PEOPLE_LIMITS.segment) {
		throw new AppError(
			'bad_request',
			`Segment must be at most ${PEOPLE_LIMITS.segment} characters`,
			field
		);
	}
	return segment;
}

/**
 * The company of that name (case-insensitive), made when new. An intake channel fills in ARR and
 * segment only where the company has none: they are edited in one place (updateCompany), and a
 * portal visitor must not be able to change a customer's ARR.
 */
export async function ensureCompany(
	db: Queryable,
	productId: string,
	input: CompanyInput
): Promise<string> {
	const rows = await db.query<{ id: string }>(sql`
		insert into companies (id, product_id, name, arr, segment)
		values (${newId()}, ${productId}, ${input.name}, ${input.arr ?? null}, ${input.segment ?? ''})
		on conflict (product_id, lower(name)) do update set
			arr = coalesce(companies.arr, excluded.arr),
			segment = case when companies.segment = '' then excluded.segment else companies.segment end
		returning id`);
	return rows[0].id;
}

/** The requester with that email (case-insensitive), made when new; fills a missing name or company. */
export async function ensureRequester(
	db: Queryable,
	productId: string,
	input: { email: string; name?: string; companyId?: string | null }
): Promise<{ id: string; companyId: string | null }> {
	const rows = await db.query<{ id: string; company_id: string | null }>(sql`
		insert into requesters (id, product_id, email, name, company_id)
		values (${newId()}, ${productId}, ${input.email}, ${input.name ?? ''}, ${input.companyId ?? null})
		on conflict (product_id, lower(email)) where email is not null do update set
			name = case when requesters.name = '' then excluded.name else requesters.name end,
			company_id = coalesce(requesters.company_id, excluded.company_id)
		returning id, company_id`);
	return { id: rows[0].id, companyId: rows[0].company_id };
}

export async function listCompanies(
	db: Queryable,
	actor: Actor,
	productId: string,
	options: { q?: string } = {}
): Promise<Company[]> {
	await requireProduct(db, actor, productId);
	const q = options.q?.trim() ? `%${options.q.trim().replace(/[\\%_]/g, '\\$&')}%` : null;
	const rows = await db.query<{
		id: string;
		name: string;
		arr: number | null;
		segment: string;
		requesters: number;
	}>(sql`
		select c.id, c.name, c.arr, c.segment,
			(select count(*)::int from requesters r where r.company_id = c.id) as requesters
		from companies c
		where c.product_id = ${productId} and (${q}::text is null or c.name ilike ${q})
		order by lower(c.name)
		limit 500`);
	return rows.map((r) => ({ ...r, arr: r.arr === null ? null : Number(r.arr) }));
}

/** The one place a company's name, ARR and segment change; every idea it asks for is recounted. */
export async function updateCompany(
	db: Database,
	actor: Actor,
	productId: string,
	companyId: string,
	input: Record<string, unknown>
): Promise<Company> {
	await requireProduct(db, actor, productId);
	const name =
		input.name === undefined
			? null
			: requireString(input, 'name', { max: PEOPLE_LIMITS.company, label: 'Company name' });
	const arr = readArr(input.arr, 'arr');
	const segment = readSegment(input.segment, 'segment');
	return db.transaction(async (tx) => {
		const rows = await tx.query<{
			id: string;
			name: string;
			arr: number | null;
			segment: string;
		}>(sql`
			update companies set
				name = coalesce(${name}, name),
				arr = case when ${arr !== undefined} then ${arr ?? null}::double precision else arr end,
				segment = coalesce(${segment ?? null}, segment)
			where id = ${companyId} and product_id = ${productId}
			returning id, name, arr, segment`);
		if (!rows[0]) throw new AppError('not_found', 'No such company');
		await refreshDemandOfCompany(tx, companyId);
		const [{ n }] = await tx.query<{ n: number }>(
			sql`select count(*)::int as n from requesters where company_id = ${companyId}`
		);
		return { ...rows[0], arr: rows[0].arr === null ? null : Number(rows[0].arr), requesters: n };
	});
}

export async function findRequester(
	db: Queryable,
	actor: Actor,
	productId: string,
	email: string
): Promise<Requester | undefined> {
	await requireProduct(db, actor, productId);
	const rows = await db.query<{
		id: string;
		email: string | null;
		name: string;
		company_id: string | null;
		company_name: string | null;
		feedback: number;
	}>(sql`
		select r.id, r.email, r.name, r.company_id, c.name as company_name,
			(select count(*)::int from feedback f where f.requester_id = r.id) as feedback
		from requesters r left join companies c on c.id = r.company_id
		where r.product_id = ${productId} and lower(r.email) = lower(${email})`);
	const r = rows[0];
	return (
		r && {
			id: r.id,
			email: r.email,
			name: r.name,
			company: r.company_id ? { id: r.company_id, name: r.company_name! } : null,
			feedback: r.feedback
		}
	);
}

/**
 * Right to erasure: the requester's row goes (email, name, company link) and so do their portal
 * votes; their feedback stays as text with their email and name replaced by "[erased]" and no
 * requester, and the demand of every idea they asked for is recounted without them.
 */
export async function eraseRequester(
	db: Database,
	actor: Actor,
	productId: string,
	requesterId: string
): Promise<{ feedback: number }> {
	await requireProduct(db, actor, productId, 'owner');
	return db.transaction(async (tx) => {
		const people = await tx.query<{ email: string | null; name: string }>(
			sql`select email, name from requesters where id = ${requesterId} and product_id = ${productId}`
		);
		if (!people[0]) throw new AppError('not_found', 'No such requester');
		const ideas = await tx.query<{ id: string }>(sql`
			select idea_id as id from feedback where requester_id = ${requesterId} and idea_id is not null
			union
			select idea_id from idea_votes where requester_id = ${requesterId}`);
		const { email, name } = people[0];
		// A name shorter than three letters would erase pieces of other words.
		const anonymised =
			name.length >= 3
				? sql`replace(replace(text, ${email ?? ''}, '[erased]'), ${name}, '[erased]')`
				: sql`replace(text, ${email ?? ''}, '[erased]')`;
		const changed = await tx.query(sql`
			update feedback set requester_id = null, text = ${anonymised}
			where requester_id = ${requesterId}
			returning id`);
		await tx.query(sql`delete from requesters where id = ${requesterId}`);
		await refreshDemand(
			tx,
			ideas.map((i) => i.id)
		);
		return { feedback: changed.length };
	});
}

import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql, type Fragment } from '../db/sql.ts';
import { queueEvent } from '../delivery/outbox.ts';
import { AppError } from '../errors.ts';
import { optionalString, requireString } from '../validation.ts';
import { requireProduct, type Actor } from './access.ts';
import { refreshDemand } from './demand.ts';
import { createIdea, getIdea, textArray, type IdeaDetail } from './ideas.ts';
import {
	ensureCompany,
	ensureRequester,
	readCompany,
	readEmail,
	type CompanyInput
} from './people.ts';

export type FeedbackSource = 'team' | 'portal' | 'widget' | 'api' | 'import' | 'workshop';
const FEEDBACK_SOURCES: readonly FeedbackSource[] = [
	'team',
	'portal',
	'widget',
	'api',
	'import',
	'workshop'
];
export type FeedbackState = 'new' | 'linked' | 'archived';
const FEEDBACK_STATES: readonly FeedbackState[] = ['new', 'linked', 'archived'];

export const FEEDBACK_LIMITS = { text: 10_000, externalId: 200 } as const;

export interface FeedbackItem {
	id: string;
	text: string;
	source: FeedbackSource;
	externalId: string | null;
	state: FeedbackState;
	ideaId: string | null;
	/** Team-only: the portal and workshop rooms never see requesters. */
	requester: { id: string; email: string | null; name: string } | null;
	company: { id: string; name: string; arr: number | null; segment: string } | null;
	receivedAt: Date;
}

/** Validated intake, whatever the channel. */
export interface FeedbackInput {
	text: string;
	source: FeedbackSource;
	externalId?: string | null;
	requester?: { email: string; name?: string } | null;
	company?: CompanyInput | null;
	ideaId?: string | null;
	receivedAt?: Date | null;
	createdBy?: string | null;
}

interface FeedbackRow {
	id: string;
	text: string;
	source: FeedbackSource;
	external_id: string | null;
	state: FeedbackState;
	idea_id: string | null;
	received_at: Date;
	requester_id: string | null;
	requester_email: string | null;
	requester_name: string | null;
	company_id: string | null;
	company_name: string | null;
	company_arr: number | null;
	company_segment: string | null;
}

const FEEDBACK_SELECT = sql`
	select f.id, f.text, f.source, f.external_id, f.state, f.idea_id, f.received_at,
		f.requester_id, r.email as requester_email, r.name as requester_name,
		f.company_id, c.name as company_name, c.arr as company_arr, c.segment as company_segment
	from feedback f
		left join requesters r on r.id = f.requester_id
		left join companies c on c.id = f.company_id`;

function toFeedback(r: FeedbackRow): FeedbackItem {
	return {
		id: r.id,
		text: r.text,
		source: r.source,
		externalId: r.external_id,
		state: r.state,
		ideaId: r.idea_id,
		requester: r.requester_id
			? { id: r.requester_id, email: r.requester_email, name: r.requester_name ?? '' }
			: null,
		company: r.company_id
			? {
					id: r.company_id,
					name: r.company_name!,
					arr: r.company_arr === null ? null : Number(r.company_arr),
					segment: r.company_segment ?? ''
				}
			: null,
		receivedAt: new Date(r.received_at)
	};
}

async function feedbackById(db: Queryable, productId: string, id: string): Promise<FeedbackItem> {
	const rows = await db.query<FeedbackRow>(
		sql`${FEEDBACK_SELECT} where f.id = ${id} and f.product_id = ${productId}`
	);
	if (!rows[0]) throw new AppError('not_found', 'No such feedback');
	return toFeedback(rows[0]);
}

/**
 * Reads the JSON API's / the team form's feedback body: `{text, source?, externalId?,
 * requester?: {email, name?}, company?: {name, arr?, segment?}, ideaId?}`.
 */
function readFeedbackInput(
	input: Record<string, unknown>,
	defaults: { source: FeedbackSource; allowed?: readonly FeedbackSource[] }
): FeedbackInput {
	const text = requireString(input, 'text', { max: FEEDBACK_LIMITS.text, label: 'Feedback' });
	let source = defaults.source;
	if (input.source !== undefined && input.source !== null && input.source !== '') {
		const allowed = defaults.allowed ?? FEEDBACK_SOURCES;
		if (
			typeof input.source !== 'string' ||
			!(allowed as readonly string[]).includes(input.source)
		) {
			throw new AppError('bad_request', `source must be one of: ${allowed.join(', ')}`, 'source');
		}
		source = input.source as FeedbackSource;
	}
	const externalId =
		optionalString(input, 'externalId', { max: FEEDBACK_LIMITS.externalId, label: 'externalId' }) ||
		null;
	let requester: FeedbackInput['requester'] = null;
	if (input.requester !== undefined && input.requester !== null) {
		const raw = input.requester;
		if (typeof raw !== 'object' || Array.isArray(raw)) {
			throw new AppError('bad_request', 'requester must be an object with an email', 'requester');
		}
		const r = raw as Record<string, unknown>;
		requester = {
			email: readEmail(r.email, 'requester.email'),
			name: optionalString(r, 'name', { max: 120, label: 'Name' })
		};
	}
	const company =
		input.company === undefined || input.company === null || input.company === ''
			? null
			: readCompany(input.company);
	const ideaId =
		input.ideaId === undefined || input.ideaId === null || input.ideaId === ''
			? null
			: requireString(input, 'ideaId', { max: 40 });
	let receivedAt: Date | null = null;
	if (input.receivedAt !== undefined && input.receivedAt !== null) {
		receivedAt = new Date(input.receivedAt as string);
		if (typeof input.receivedAt !== 'string' || Number.isNaN(receivedAt.getTime())) {
			throw new AppError('bad_request', 'receivedAt must be an ISO 8601 date', 'receivedAt');
		}
	}
	return { text, source, externalId, requester, company, ideaId, receivedAt };
}

/**
 * Stores one feedback item (any channel), making its requester and company when new. The same
 * externalId again returns the existing item and changes nothing (`created: false`). Linked at
 * once when ideaId is given, and that idea's demand recounted in the same transaction.
 */
export async function recordFeedback(
	db: Database,
	productId: string,
	input: FeedbackInput
): Promise<{ feedback: FeedbackItem; created: boolean }> {
	if (input.externalId) {
		const existing = await db.query<{ id: string }>(
			sql`select id from feedback where product_id = ${productId} and external_id = ${input.externalId}`
		);
		if (existing[0])
			return { feedback: await feedbackById(db, productId, existing[0].id), created: false };
	}
	const id = newId();
	const inserted = await db.transaction(async (tx) => {
		if (input.ideaId) {
			const ideas = await tx.query(
				sql`select 1 from ideas where id = ${input.ideaId} and product_id = ${productId}`
			);
			if (!ideas[0]) throw new AppError('not_found', 'No such idea', 'ideaId');
		}
		const companyId = input.company ? await ensureCompany(tx, productId, input.company) : null;
		const requester = input.requester
			? await ensureRequester(tx, productId, { ...input.requester, companyId })
			: null;
		const rows = await tx.query<{ id: string }>(sql`
			insert into feedback (id, product_id, text, source, external_id, requester_id, company_id,
				idea_id, state, received_at, created_by)
			values (${id}, ${productId}, ${input.text}, ${input.source}, ${input.externalId ?? null},
				${requester?.id ?? null}, ${companyId ?? requester?.companyId ?? null}, ${input.ideaId ?? null},
				${input.ideaId ? 'linked' : 'new'}, coalesce(${input.receivedAt ?? null}::timestamptz, now()),
				${input.createdBy ?? null})
			on conflict (product_id, external_id) where external_id is not null do nothing
			returning id`);
		if (rows[0] && input.ideaId) await refreshDemand(tx, [input.ideaId]);
		if (rows[0]) {
			await queueEvent(tx, productId, 'feedback.created', {
				feedback: { id, text: input.text, source: input.source, ideaId: input.ideaId ?? null }
			});
		}
		return rows.length > 0;
	});
	if (!inserted) {
		// Another request with the same externalId won the race: the same answer as a repeat.
		const existing = await db.query<{ id: string }>(
			sql`select id from feedback where product_id = ${productId} and external_id = ${input.externalId!}`
		);
		return { feedback: await feedbackById(db, productId, existing[0].id), created: false };
	}
	return { feedback: await feedbackById(db, productId, id), created: true };
}

/** Feedback the team types in, or that arrives through the API (source 'api' unless said). */
export async function submitFeedback(
	db: Database,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
): Promise<{ feedback: FeedbackItem; created: boolean }> {
	const access = await requireProduct(db, actor, productId);
	const parsed = readFeedbackInput(input, {
		source: actor.kind === 'key' ? 'api' : 'team',
		allowed: ['team', 'api', 'widget', 'import']
	});
	return recordFeedback(db, productId, { ...parsed, createdBy: access.userId });
}

export async function listFeedback(
	db: Queryable,
	actor: Actor,
	productId: string,
	filter: { state?: FeedbackState; ideaId?: string; limit?: number; before?: string } = {}
): Promise<FeedbackItem[]> {
	await requireProduct(db, actor, productId);
	if (filter.state && !FEEDBACK_STATES.includes(filter.state)) {
		throw new AppError(
			'bad_request',
			`state must be one of: ${FEEDBACK_STATES.join(', ')}`,
			'state'
		);
	}
	const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 500);
	const rows = await db.query<FeedbackRow>(sql`
		${FEEDBACK_SELECT}
		where f.product_id = ${productId}
			and (${filter.state ?? null}::text is null or f.state = ${filter.state ?? null})
			and (${filter.ideaId ?? null}::text is null or f.idea_id = ${filter.ideaId ?? null})
		order by f.received_at desc, f.id
		limit ${limit}`);
	return rows.map(toFeedback);
}

export async function getFeedback(
	db: Queryable,
	actor: Actor,
	productId: string,
	feedbackId: string
): Promise<FeedbackItem> {
	await requireProduct(db, actor, productId);
	return feedbackById(db, productId, feedbackId);
}

/**
 * Links feedback items to an idea (moving them from another idea if linked), recounting the
 * demand of both; several at once for bulk triage.
 */
export async function linkFeedback(
	db: Database,
	actor: Actor,
	productId: string,
	feedbackIds: string[],
	ideaId: string
): Promise<FeedbackItem[]> {
	await requireProduct(db, actor, productId);
	if (!ideaId) throw new AppError('bad_request', 'ideaId is required', 'ideaId');
	await db.transaction(async (tx) => {
		const idea = await tx.query(
			sql`select 1 from ideas where id = ${ideaId} and product_id = ${productId}`
		);
		if (!idea[0]) throw new AppError('not_found', 'No such idea', 'ideaId');
		const before = await changeLinks(
			tx,
			productId,
			feedbackIds,
			sql`idea_id = ${ideaId}, state = 'linked'`
		);
		await refreshDemand(tx, [...before, ideaId]);
	});
	return Promise.all(feedbackIds.map((id) => feedbackById(db, productId, id)));
}

/** Unlinks feedback items: back to the Inbox as new; the idea's demand is recounted. */
export async function unlinkFeedback(
	db: Database,
	actor: Actor,
	productId: string,
	feedbackIds: string[]
): Promise<FeedbackItem[]> {
	await requireProduct(db, actor, productId);
	await db.transaction(async (tx) => {
		const before = await changeLinks(
			tx,
			productId,
			feedbackIds,
			sql`idea_id = null, state = 'new'`
		);
		await refreshDemand(tx, before);
	});
	return Promise.all(feedbackIds.map((id) => feedbackById(db, productId, id)));
}

/** Archives feedback items (unlinking them if linked); `restore` puts them back in the Inbox. */
export async function archiveFeedback(
	db: Database,
	actor: Actor,
	productId: string,
	feedbackIds: string[],
	options: { restore?: boolean } = {}
): Promise<FeedbackItem[]> {
	await requireProduct(db, actor, productId);
	const state = options.restore ? 'new' : 'archived';
	await db.transaction(async (tx) => {
		const before = await changeLinks(
			tx,
			productId,
			feedbackIds,
			sql`idea_id = null, state = ${state}`
		);
		await refreshDemand(tx, before);
	});
	return Promise.all(feedbackIds.map((id) => feedbackById(db, productId, id)));
}

/** Applies a change to the items and returns the ideas they were linked to before. */
async function changeLinks(
	tx: Queryable,
	productId: string,
	feedbackIds: string[],
	change: Fragment
): Promise<string[]> {
	if (feedbackIds.length === 0) throw new AppError('bad_request', 'Pick some feedback first');
	if (feedbackIds.length > 500) throw new AppError('bad_request', 'At most 500 items at once');
	const ids = [...new Set(feedbackIds)];
	const rows = await tx.query<{ id: string; idea_id: string | null }>(sql`
		select id, idea_id from feedback
		where product_id = ${productId} and id = any(${textArray(ids)})
		for update`);
	if (rows.length !== ids.length) throw new AppError('not_found', 'No such feedback');
	await tx.query(sql`
		update feedback set ${change}
		where product_id = ${productId} and id = any(${textArray(ids)})`);
	return rows.flatMap((r) => (r.idea_id ? [r.idea_id] : []));
}

/** Triage's "new idea": an idea titled from the input (or the feedback), linked to the feedback. */
export async function ideaFromFeedback(
	db: Database,
	actor: Actor,
	productId: string,
	feedbackId: string,
	input: Record<string, unknown>
): Promise<{ idea: IdeaDetail; feedback: FeedbackItem }> {
	const item = await getFeedback(db, actor, productId, feedbackId);
	const title =
		input.title === undefined || input.title === '' ? firstLine(item.text) : input.title;
	const idea = await createIdea(db, actor, productId, { ...input, title });
	const [feedback] = await linkFeedback(db, actor, productId, [feedbackId], idea.id);
	return { idea: await getIdea(db, actor, productId, idea.id), feedback };
}

/** A title from feedback text: its first line or sentence, within 120 characters. */
export function firstLine(text: string): string {
	const line = text
		.trim()
		.split(/\r?\n|(?<=[.!?])\s/)[0]
		.trim();
	return line.length <= 120 ? line : line.slice(0, 117).trimEnd() + '…';
}

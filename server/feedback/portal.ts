import { Throttle } from '../auth/throttle.ts';
import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { optionalString, requireString } from '../validation.ts';
import { refreshDemand } from './demand.ts';
import { FEEDBACK_LIMITS, recordFeedback } from './feedback.ts';
import { findSimilar, type SimilarIdea } from './ideas.ts';
import { readCompany, readEmail, ensureRequester } from './people.ts';
import { findProductBySlug, type Product } from './products.ts';

/** Per IP and per email: submissions and votes from the public portal and the widget. */
export interface PortalThrottles {
	byIp: Throttle;
	byEmail: Throttle;
}

export function createPortalThrottles(
	limits = { perIp: 30, perEmail: 10, windowMs: 10 * 60_000 }
): PortalThrottles {
	return {
		byIp: new Throttle(limits.perIp, limits.windowMs),
		byEmail: new Throttle(limits.perEmail, limits.windowMs)
	};
}

/** The name of the hidden field people never see and bots fill in. */
export const HONEYPOT_FIELD = 'website';

/** A public idea as the portal shows it: no requester, no company, no ARR. */
export interface PortalIdea {
	id: string;
	title: string;
	description: string;
	status: string;
	/** People who asked for it (feedback and votes), a count only. */
	requesters: number;
}

export interface PortalView {
	product: { name: string; slug: string };
	ideas: PortalIdea[];
}

/** The product behind /p/<slug> while its portal is on; otherwise 404, as if it did not exist. */
export async function portalProduct(db: Queryable, slug: string): Promise<Product> {
	const product = await findProductBySlug(db, slug);
	if (!product || !product.portalEnabled) throw new AppError('not_found', 'No such portal');
	return product;
}

/** The portal page: the product and its public ideas, most asked-for first (or matching `q`). */
export async function portalView(
	db: Queryable,
	slug: string,
	options: { q?: string; limit?: number } = {}
): Promise<PortalView> {
	const product = await portalProduct(db, slug);
	const q = options.q?.trim() ?? '';
	const rows = await db.query<PortalIdea>(sql`
		select i.id, i.title, i.description, i.status, i.demand_requesters as requesters
		from ideas i
		where i.product_id = ${product.id} and i.public and i.merged_into is null
			and (${q} = '' or i.search @@ plainto_tsquery('english', ${q}) or i.title ilike ${'%' + q.replace(/[\\%_]/g, '\\$&') + '%'})
		order by i.demand_requesters desc, i.created_at desc, i.id
		limit ${Math.min(options.limit ?? 100, 200)}`);
	return { product: { name: product.name, slug: product.slug }, ideas: rows };
}

/** One public idea on the portal (the page emails link to): its status and the notes given. */
export interface PortalIdeaPage {
	product: { name: string; slug: string };
	idea: PortalIdea;
	/** Status changes, newest first: what and when, never who. */
	history: { to: string; note: string; changedAt: Date }[];
}

/** `/p/<slug>/ideas/<id>`: 404 for a private idea; a merged idea shows the one it is in. */
export async function portalIdea(
	db: Queryable,
	slug: string,
	ideaId: string
): Promise<PortalIdeaPage> {
	const product = await portalProduct(db, slug);
	const [idea] = await db.query<PortalIdea>(sql`
		select i.id, i.title, i.description, i.status, i.demand_requesters as requesters
		from ideas i
		where i.product_id = ${product.id} and i.public and i.merged_into is null
			and i.id = (select coalesce(m.merged_into, m.id) from ideas m where m.id = ${ideaId})`);
	if (!idea) throw new AppError('not_found', 'No such idea');
	const history = await db.query<{ to_status: string; note: string; changed_at: string | Date }>(
		sql`select to_status, note, changed_at from idea_status_changes
			where idea_id = ${idea.id} order by changed_at desc, id`
	);
	return {
		product: { name: product.name, slug: product.slug },
		idea,
		history: history.map((r) => ({
			to: r.to_status,
			note: r.note,
			changedAt: new Date(r.changed_at)
		}))
	};
}

/** "Vote for this instead": public ideas like the text being typed. */
export async function portalSimilar(
	db: Queryable,
	slug: string,
	text: string
): Promise<SimilarIdea[]> {
	const product = await portalProduct(db, slug);
	return findSimilar(db, product.id, text, { publicOnly: true, limit: 5 });
}

export function throttle(throttles: PortalThrottles, ip: string, email: string) {
	const wait = Math.max(
		throttles.byIp.retryAfter(ip),
		throttles.byEmail.retryAfter(email.toLowerCase())
	);
	if (wait > 0) {
		throw new AppError('too_many_requests', `Too many submissions; try again in ${wait} s`);
	}
	throttles.byIp.hit(ip);
	throttles.byEmail.hit(email.toLowerCase());
}

/**
 * Feedback from the portal or the widget: `{text, email, name?, company?}`. A filled honeypot is
 * accepted and dropped (`stored: false`), so a bot learns nothing.
 */
export async function portalSubmit(
	db: Database,
	throttles: PortalThrottles,
	slug: string,
	input: Record<string, unknown>,
	context: { ip: string; source?: 'portal' | 'widget' }
): Promise<{ id: string; stored: boolean; similar: SimilarIdea[] }> {
	const product = await portalProduct(db, slug);
	const text = requireString(input, 'text', { max: FEEDBACK_LIMITS.text, label: 'Feedback' });
	const email = readEmail(input.email);
	const name = optionalString(input, 'name', { max: 120, label: 'Name' });
	const company =
		input.company === undefined || input.company === null || input.company === ''
			? null
			: readCompany(
					typeof input.company === 'string'
						? { name: input.company }
						: { name: (input.company as { name?: unknown }).name },
					'company'
				);
	throttle(throttles, context.ip, email);
	const similar = await findSimilar(db, product.id, text, { publicOnly: true, limit: 5 });
	if (typeof input[HONEYPOT_FIELD] === 'string' && input[HONEYPOT_FIELD] !== '') {
		// The same answer as a stored item, so a bot cannot tell it was caught.
		return { id: newId(), stored: false, similar };
	}
	const { feedback } = await recordFeedback(db, product.id, {
		text,
		source: context.source ?? 'portal',
		requester: { email, name },
		company
	});
	return { id: feedback.id, stored: true, similar };
}

/**
 * One vote per email per public idea: a new vote → `created: true`; the same email again changes
 * nothing. A vote counts the voter in the idea's demand.
 */
export async function portalVote(
	db: Database,
	throttles: PortalThrottles,
	slug: string,
	ideaId: string,
	input: Record<string, unknown>,
	context: { ip: string }
): Promise<{ created: boolean; requesters: number }> {
	const product = await portalProduct(db, slug);
	const email = readEmail(input.email);
	const ideas = await db.query<{ id: string; merged_into: string | null }>(sql`
		select id, merged_into from ideas where id = ${ideaId} and product_id = ${product.id} and public`);
	if (!ideas[0]) throw new AppError('not_found', 'No such idea');
	if (typeof input[HONEYPOT_FIELD] === 'string' && input[HONEYPOT_FIELD] !== '') {
		return { created: true, requesters: 0 };
	}
	throttle(throttles, context.ip, email);
	// A vote for a merged idea goes to the idea it was merged into.
	const target = ideas[0].merged_into ?? ideaId;
	return db.transaction(async (tx) => {
		const requester = await ensureRequester(tx, product.id, { email });
		const rows = await tx.query(sql`
			insert into idea_votes (idea_id, requester_id) values (${target}, ${requester.id})
			on conflict do nothing returning idea_id`);
		if (rows.length > 0) await refreshDemand(tx, [target]);
		const [{ n }] = await tx.query<{ n: number }>(
			sql`select demand_requesters as n from ideas where id = ${target}`
		);
		return { created: rows.length > 0, requesters: n };
	});
}

import type { Queryable } from '../db/connection.ts';
import { inList, sql } from '../db/sql.ts';

/** How many ask for an idea, counting everything merged into it. */
export interface Demand {
	/** Distinct people (feedback and portal votes); someone who asked three times counts once. */
	requesters: number;
	/** Distinct companies of those requests. */
	companies: number;
	/** The ARR of those companies, each counted once. */
	arr: number;
	/** Feedback items linked (votes not included). */
	feedback: number;
	/** Per company segment ('' for requests without a company or segment). */
	bySegment: Record<string, SegmentDemand>;
}

export interface SegmentDemand {
	requesters: number;
	companies: number;
	arr: number;
}

export interface DemandRow {
	demand_requesters: number;
	demand_companies: number;
	demand_arr: number;
	demand_feedback: number;
	demand_segments: Record<string, SegmentDemand> | string;
}

export function toDemand(row: DemandRow): Demand {
	const segments =
		typeof row.demand_segments === 'string'
			? (JSON.parse(row.demand_segments) as Record<string, SegmentDemand>)
			: row.demand_segments;
	return {
		requesters: row.demand_requesters,
		companies: row.demand_companies,
		arr: Number(row.demand_arr),
		feedback: row.demand_feedback,
		bySegment: segments
	};
}

/**
 * Recomputes the stored demand of the given ideas and of every idea they are merged into (up the
 * chain), from the links themselves: each figure is a function of the current links, so a merge
 * and its unmerge give back exactly the figures from before. Called in the same transaction as
 * every change of a link, a merge, a vote, a company's ARR or segment, or an erasure.
 */
export async function refreshDemand(db: Queryable, ideaIds: Iterable<string>): Promise<void> {
	const ids = [...new Set(ideaIds)];
	for (let i = 0; i < ids.length; i += 500) await refreshChunk(db, ids.slice(i, i + 500));
}

async function refreshChunk(db: Queryable, ids: string[]) {
	if (ids.length === 0) return;
	await db.query(sql`
		with recursive
		up (id) as (
			select id from ideas where id in ${inList(ids)}
			union
			select i.merged_into from ideas i join up on i.id = up.id where i.merged_into is not null
		),
		down (top, id) as (
			select id, id from up
			union all
			select d.top, c.id from down d cross join lateral (
				select id from ideas where merged_into = d.id offset 0
			) c
		),
		-- offset 0 keeps each lateral a per-idea index lookup: flattened into a join, the planner
		-- misjudges the recursive rows and hashes all of feedback (200,000 rows) for a few ideas.
		asks (top, requester_id, company_id, is_feedback) as (
			select d.top, f.requester_id, f.company_id, true
			from down d cross join lateral (
				select requester_id, company_id from feedback where idea_id = d.id offset 0
			) f
			union all
			select d.top, v.requester_id, v.company_id, false
			from down d cross join lateral (
				select x.requester_id, r.company_id from idea_votes x join requesters r on r.id = x.requester_id
				where x.idea_id = d.id offset 0
			) v
		),
		counts as (
			select top, count(distinct requester_id)::int as requesters,
				count(distinct company_id)::int as companies,
				(count(*) filter (where is_feedback))::int as feedback
			from asks group by top
		),
		firms as (
			select distinct a.top, c.id, coalesce(c.arr, 0) as arr, c.segment
			from asks a join companies c on c.id = a.company_id
		),
		revenue as (select top, sum(arr) as arr from firms group by top),
		seg_people as (
			select a.top, coalesce(c.segment, '') as segment,
				count(distinct a.requester_id)::int as requesters,
				count(distinct a.company_id)::int as companies
			from asks a left join companies c on c.id = a.company_id
			group by a.top, coalesce(c.segment, '')
		),
		seg_revenue as (select top, segment, sum(arr) as arr from firms group by top, segment),
		segments as (
			select p.top, jsonb_object_agg(p.segment, jsonb_build_object(
				'requesters', p.requesters, 'companies', p.companies, 'arr', coalesce(r.arr, 0))) as segs
			from seg_people p left join seg_revenue r on r.top = p.top and r.segment = p.segment
			group by p.top
		)
		update ideas i set
			demand_requesters = coalesce(c.requesters, 0),
			demand_companies = coalesce(c.companies, 0),
			demand_feedback = coalesce(c.feedback, 0),
			demand_arr = coalesce(r.arr, 0),
			demand_segments = coalesce(s.segs, '{}'::jsonb)
		from up
			left join counts c on c.top = up.id
			left join revenue r on r.top = up.id
			left join segments s on s.top = up.id
		where i.id = up.id`);
}

/** Refreshes every idea a company's requests reach (after its ARR or segment changed). */
export async function refreshDemandOfCompany(db: Queryable, companyId: string): Promise<void> {
	const rows = await db.query<{ id: string }>(sql`
		select distinct idea_id as id from feedback where company_id = ${companyId} and idea_id is not null
		union
		select v.idea_id from idea_votes v join requesters r on r.id = v.requester_id
		where r.company_id = ${companyId}`);
	await refreshDemand(
		db,
		rows.map((r) => r.id)
	);
}

import { byId, votesByIdea, type BallotOf, type VotesByIdea } from '../ballot.ts';

/** The MoSCoW buckets, most important first. */
export const BUCKETS = ['must', 'should', 'could', 'wont'] as const;

export type Bucket = (typeof BUCKETS)[number];

export const BUCKET_LABELS: Record<Bucket, string> = {
	must: 'Must',
	should: 'Should',
	could: 'Could',
	wont: "Won't"
};

/**
 * DSDM's rule of thumb: Musts should take no more than 60 % of the effort, so the Shoulds and Coulds
 * leave room to absorb surprises.
 */
export const DEFAULT_MUST_SHARE = 0.6;

export interface MoscowRow {
	ideaId: string;
	/** How many people placed the idea. */
	count: number;
	counts: Record<Bucket, number>;
	/** The bucket most people chose; null when nobody placed the idea. */
	consensus: Bucket | null;
	/** Share of voters (0–1) who chose the consensus bucket. */
	agreement: number;
	/** The bucket the facilitator settled on, if any. */
	final: Bucket | null;
	/** The final bucket, or the consensus until there is one. */
	bucket: Bucket | null;
}

/**
 * Plurality, with a tie going to the more important bucket: an idea half the room calls a Must stays
 * in view as a Must until the facilitator decides, rather than quietly dropping to a Should.
 */
export function consensusBucket(counts: Record<Bucket, number>): Bucket | null {
	let best: Bucket | null = null;
	for (const bucket of BUCKETS) {
		if (counts[bucket] > 0 && (best === null || counts[bucket] > counts[best])) best = bucket;
	}
	return best;
}

/**
 * One row per idea that somebody placed or the facilitator settled, ordered by bucket (Must first,
 * unplaced last), then by agreement (highest first), then by idea id.
 */
export function summarizeMoscow(
	ballots: readonly BallotOf<Bucket>[],
	finals: ReadonlyMap<string, Bucket> = new Map()
): MoscowRow[] {
	return summarizeMoscowVotes(votesByIdea(ballots), finals);
}

/** summarizeMoscow from entries already grouped by idea. */
function summarizeMoscowVotes(
	votes: VotesByIdea<Bucket>,
	finals: ReadonlyMap<string, Bucket> = new Map()
): MoscowRow[] {
	const ideaIds = new Set([...votes.keys(), ...finals.keys()]);
	const rows: MoscowRow[] = [];
	for (const ideaId of ideaIds) {
		rows.push(moscowRow(ideaId, votes.get(ideaId)?.entries ?? [], finals.get(ideaId) ?? null));
	}
	return orderMoscowRows(rows);
}

/**
 * One idea's row from the buckets people placed it in and the facilitator's final bucket. With
 * `weights` (person i's weight in a capped group, ./leadership.ts), the consensus and agreement
 * count weight instead of people; `counts` still counts people.
 */
export function moscowRow(
	ideaId: string,
	placed: readonly Bucket[],
	final: Bucket | null,
	weights: readonly number[] | null = null
): MoscowRow {
	const counts: Record<Bucket, number> = { must: 0, should: 0, could: 0, wont: 0 };
	for (const bucket of placed) counts[bucket]++;
	let weighed = counts;
	let total = placed.length;
	if (weights) {
		weighed = { must: 0, should: 0, could: 0, wont: 0 };
		total = 0;
		placed.forEach((bucket, i) => {
			weighed[bucket] += weights[i];
			total += weights[i];
		});
	}
	const consensus = consensusBucket(weighed);
	return {
		ideaId,
		count: placed.length,
		counts,
		consensus,
		agreement: consensus === null ? 0 : weighed[consensus] / total,
		final,
		bucket: final ?? consensus
	};
}

const bucketOrder = (bucket: Bucket | null) =>
	bucket === null ? BUCKETS.length : BUCKETS.indexOf(bucket);

/** Sorts rows by bucket (Must first, unplaced last), then agreement (highest first), then idea id. */
export function orderMoscowRows(rows: MoscowRow[]): MoscowRow[] {
	return rows.sort(
		(a, b) =>
			bucketOrder(a.bucket) - bucketOrder(b.bucket) ||
			b.agreement - a.agreement ||
			byId(a.ideaId, b.ideaId)
	);
}

/** Each idea's final bucket, or its consensus until there is one: the input of mustEffortShare. */
export function bucketsOf(rows: readonly MoscowRow[]): Map<string, Bucket> {
	const buckets = new Map<string, Bucket>();
	for (const row of rows) if (row.bucket) buckets.set(row.ideaId, row.bucket);
	return buckets;
}

export interface MustEffort {
	mustEffort: number;
	/** Effort of the Musts, Shoulds and Coulds: what the plan contains. Won'ts are out of it. */
	totalEffort: number;
	/** mustEffort / totalEffort, 0 when there is no effort at all. */
	share: number;
	/** True when the Musts take more than the threshold's share of the effort. */
	warning: boolean;
	/** Ideas in Must, Should or Could without an effort estimate, which the share cannot include. */
	unestimated: string[];
}

/** How much of the planned effort the Musts take, and whether that is more than `threshold`. */
export function mustEffortShare(
	buckets: ReadonlyMap<string, Bucket>,
	effortByIdea: ReadonlyMap<string, number>,
	threshold = DEFAULT_MUST_SHARE
): MustEffort {
	let mustEffort = 0;
	let totalEffort = 0;
	const unestimated: string[] = [];
	for (const [ideaId, bucket] of buckets) {
		if (bucket === 'wont') continue;
		const effort = effortByIdea.get(ideaId);
		if (effort === undefined) {
			unestimated.push(ideaId);
			continue;
		}
		totalEffort += effort;
		if (bucket === 'must') mustEffort += effort;
	}
	const share = totalEffort > 0 ? mustEffort / totalEffort : 0;
	return {
		mustEffort,
		totalEffort,
		share,
		warning: share > threshold,
		unestimated: unestimated.sort(byId)
	};
}

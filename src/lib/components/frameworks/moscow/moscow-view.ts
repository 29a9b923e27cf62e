import type { Idea } from '$lib/model/board.ts';
import {
	BUCKET_LABELS,
	BUCKETS,
	type Bucket,
	type MoscowRow,
	type MustEffort
} from '$lib/model/frameworks/moscow/moscow.ts';
import { isFiniteNumber, isHidden, isRecord, percent, type Raw } from '../common/tally.ts';

/** Where a card can be on the board: a bucket, or the tray of ideas not sorted yet. */
export type Lane = Bucket | 'unsorted';

export const LANES: readonly Lane[] = ['unsorted', ...BUCKETS];

export const LANE_LABELS: Record<Lane, string> = { ...BUCKET_LABELS, unsorted: 'Unsorted' };

/** Keys that move a focused card: 1–4 in the board's order, 0 (or Delete) back to the tray. */
export function laneOfKey(key: string): Lane | null {
	switch (key) {
		case '1':
			return 'must';
		case '2':
			return 'should';
		case '3':
			return 'could';
		case '4':
			return 'wont';
		case '0':
		case 'Delete':
		case 'Backspace':
			return 'unsorted';
		default:
			return null;
	}
}

export function isBucket(value: unknown): value is Bucket {
	return (BUCKETS as readonly unknown[]).includes(value);
}

export function isLane(value: unknown): value is Lane {
	return value === 'unsorted' || isBucket(value);
}

/**
 * The person's cards by lane, in the ideas' order. An entry that is not a bucket (another client
 * wrote it) leaves the card in the tray, where the server's rejection shows beside it.
 */
export function boardLanes(
	ideas: readonly Idea[],
	mine: ReadonlyMap<string, unknown>
): Record<Lane, Idea[]> {
	const lanes: Record<Lane, Idea[]> = { unsorted: [], must: [], should: [], could: [], wont: [] };
	for (const idea of ideas) {
		const entry = mine.get(idea.id);
		lanes[isBucket(entry) ? entry : 'unsorted'].push(idea);
	}
	return lanes;
}

function readCounts(raw: unknown): Record<Bucket, number> | null {
	if (!isRecord(raw)) return null;
	const counts = { must: 0, should: 0, could: 0, wont: 0 };
	for (const bucket of BUCKETS) {
		const count = raw[bucket];
		if (!isFiniteNumber(count)) return null;
		counts[bucket] = count;
	}
	return counts;
}

/** One idea's MoSCoW result from the tally; null when malformed or hidden. */
export function readMoscowRow(raw: unknown): MoscowRow | null {
	if (!isRecord(raw) || isHidden(raw) || typeof raw.ideaId !== 'string') return null;
	const counts = readCounts(raw.counts);
	if (!counts || !isFiniteNumber(raw.count) || !isFiniteNumber(raw.agreement)) return null;
	const consensus = isBucket(raw.consensus) ? raw.consensus : null;
	const final = isBucket(raw.final) ? raw.final : null;
	return {
		ideaId: raw.ideaId,
		count: raw.count,
		counts,
		consensus,
		agreement: raw.agreement,
		final,
		bucket: final ?? consensus
	};
}

/**
 * Whether the group agrees on a bucket: more than half its people chose the consensus. A
 * plurality under half (1/1/1) or a tie at the top (2/2) is no agreement, whichever bucket the
 * tie-break names.
 */
export function agreed(row: MoscowRow): boolean {
	return row.consensus !== null && row.counts[row.consensus] * 2 > row.count;
}

/** The group's rows for the workshop's ideas, Must first, then by agreement (as moscow.ts sorts). */
export function groupRows(
	aggregates: ReadonlyMap<string, unknown>,
	ideas: readonly Idea[]
): MoscowRow[] {
	const rows: MoscowRow[] = [];
	for (const idea of ideas) {
		const row = readMoscowRow(aggregates.get(idea.id));
		if (row) rows.push(row);
	}
	const order = (bucket: Bucket | null) => (bucket ? BUCKETS.indexOf(bucket) : BUCKETS.length);
	return rows.sort((a, b) => order(a.bucket) - order(b.bucket) || b.agreement - a.agreement);
}

/** The Must share of the planned effort from the tally's MoSCoW summary, or null. */
export function readMustEffort(summary: Raw | null): MustEffort | null {
	const raw = summary?.mustEffort;
	if (!isRecord(raw)) return null;
	const { mustEffort, totalEffort, share, warning, unestimated } = raw;
	if (![mustEffort, totalEffort, share].every(isFiniteNumber)) return null;
	return {
		mustEffort: mustEffort as number,
		totalEffort: totalEffort as number,
		share: share as number,
		warning: warning === true,
		unestimated: Array.isArray(unestimated)
			? unestimated.filter((id): id is string => typeof id === 'string')
			: []
	};
}

function amount(value: number): string {
	return String(Math.round(value * 10) / 10);
}

/** The warning banner's sentence. */
export function mustWarning(effort: MustEffort, limit: number): string {
	return (
		`Musts take ${percent(effort.share)} of the planned effort ` +
		`(${amount(effort.mustEffort)} of ${amount(effort.totalEffort)}), ` +
		`more than the ${percent(limit)} limit. Move some to Should or Could to leave room for surprises.`
	);
}

/** Why a Must limit typed in percent cannot be used, or null. */
export function limitProblem(percentValue: number): string | null {
	return Number.isFinite(percentValue) && percentValue >= 0 && percentValue <= 100
		? null
		: 'The limit is a percentage from 0 to 100';
}

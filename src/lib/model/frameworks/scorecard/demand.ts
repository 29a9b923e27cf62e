import type { Idea } from '../../board.ts';
import { SCORECARD_RANGE, type Criterion } from './scorecard.ts';

/**
 * The "Customer demand" criterion of the weighted scorecard: its value per idea comes from the
 * product backlog's demand (distinct requesters, carried onto the board by the idea's `backlog`
 * field), not from anyone's score.
 */
export const DEMAND_CRITERION: Omit<Criterion, 'id'> = {
	name: 'Customer demand',
	weight: 15,
	direction: 'benefit',
	source: 'demand'
};

/**
 * Requesters on the scorecard's 1–5 scale, relative to the most-asked idea on the board, on a log
 * scale: demand has a long tail, and on a straight scale one very popular idea would push every
 * other one down to 1. 0 requesters is 1, the most-asked idea 5; one decimal.
 */
export function demandScore(requesters: number, most: number): number {
	const { min, max } = SCORECARD_RANGE;
	if (most <= 0) return min;
	const share = Math.log1p(Math.max(0, requesters)) / Math.log1p(most);
	return Math.round((min + (max - min) * Math.min(1, share)) * 10) / 10;
}

/** Each backlog idea's demand score (demandScore), by idea id; the room's own ideas have none. */
export function demandScores(ideas: readonly Idea[]): Record<string, number> {
	let most = 0;
	for (const idea of ideas) most = Math.max(most, idea.requesters ?? 0);
	const scores: Record<string, number> = {};
	for (const idea of ideas) {
		if (idea.requesters !== undefined) scores[idea.id] = demandScore(idea.requesters, most);
	}
	return scores;
}

/** The criteria with each demand criterion's given values filled from the board's ideas. */
export function withDemand(criteria: readonly Criterion[], ideas: readonly Idea[]): Criterion[] {
	if (!criteria.some((c) => c.source === 'demand')) return [...criteria];
	const given = demandScores(ideas);
	return criteria.map((c) => (c.source === 'demand' ? { ...c, given } : c));
}

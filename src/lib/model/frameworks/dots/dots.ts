import { byId, type BallotOf } from '../ballot.ts';
import { rankBy } from '../ranking.ts';

/** Dots each person may place unless the facilitator sets another number. */
export const DEFAULT_DOTS = 5;

export interface DotsRow {
	ideaId: string;
	rank: number;
	dots: number;
	/** How many people put at least one dot on the idea. */
	voters: number;
}

/** What a person has used of their dots (or budget) and what is left. */
export interface Allowance {
	userId: string;
	used: number;
	remaining: number;
}

export interface DotsSummary {
	/** Ideas with at least one dot, most dots first. */
	ideas: DotsRow[];
	/** Every ballot's owner, by user id. */
	voters: Allowance[];
}

/**
 * Dots per idea and dots left per person. Expects validated ballots (validateBallot), in which no
 * one has placed more than `dotsPerPerson`.
 */
export function summarizeDots(
	ballots: readonly BallotOf<number>[],
	dotsPerPerson = DEFAULT_DOTS
): DotsSummary {
	const totals = new Map<string, { dots: number; voters: number }>();
	const voters: Allowance[] = [];
	for (const { voter, entries } of ballots) {
		let used = 0;
		for (const [ideaId, dots] of entries) {
			if (dots === 0) continue;
			used += dots;
			const total = totals.get(ideaId);
			if (total) {
				total.dots += dots;
				total.voters++;
			} else totals.set(ideaId, { dots, voters: 1 });
		}
		voters.push({ userId: voter.userId, used, remaining: dotsPerPerson - used });
	}
	const rows = [...totals].map(([ideaId, total]) => ({ ideaId, rank: 0, ...total }));
	return {
		ideas: rankBy(rows, (row) => row.dots),
		voters: voters.sort((a, b) => byId(a.userId, b.userId))
	};
}

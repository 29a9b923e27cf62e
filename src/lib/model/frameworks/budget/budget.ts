import { byId, type BallotOf } from '../ballot.ts';
import type { Allowance } from '../dots/dots.ts';

/**
 * Budget each person may pledge unless the facilitator sets another. Prices are efforts, so the
 * facilitator should size it so the room can buy roughly a third to half of what is on offer.
 */
export const DEFAULT_BUDGET = 100;

export interface FeatureRow {
	ideaId: string;
	pledged: number;
	/** The idea's effort; null when it has none yet, and then it cannot be bought. */
	price: number | null;
	/** Pledges cover the price, and somebody pledged: a free idea is not bought by nobody. */
	bought: boolean;
	/** What is still missing to buy it; null without a price. */
	shortfall: number | null;
	/** How many people pledged to it. */
	backers: number;
}

export interface BudgetSummary {
	/** Every idea with a price or a pledge: bought first, then most pledged, then by idea id. */
	ideas: FeatureRow[];
	/** Every ballot's owner, by user id. */
	voters: Allowance[];
}

/**
 * Pledges per idea against its price, and budget left per person. Expects validated ballots
 * (validateBallot), in which no one pledged more than `budgetPerPerson`.
 */
export function summarizeBudget(
	ballots: readonly BallotOf<number>[],
	priceByIdea: ReadonlyMap<string, number>,
	budgetPerPerson = DEFAULT_BUDGET
): BudgetSummary {
	const pledges = new Map<string, { pledged: number; backers: number }>();
	const voters: Allowance[] = [];
	for (const { voter, entries } of ballots) {
		let used = 0;
		for (const [ideaId, amount] of entries) {
			if (amount === 0) continue;
			used += amount;
			const pledge = pledges.get(ideaId);
			if (pledge) {
				pledge.pledged += amount;
				pledge.backers++;
			} else pledges.set(ideaId, { pledged: amount, backers: 1 });
		}
		voters.push({ userId: voter.userId, used, remaining: budgetPerPerson - used });
	}
	const ideas: FeatureRow[] = [];
	for (const ideaId of new Set([...priceByIdea.keys(), ...pledges.keys()])) {
		const { pledged, backers } = pledges.get(ideaId) ?? { pledged: 0, backers: 0 };
		const price = priceByIdea.get(ideaId) ?? null;
		ideas.push({
			ideaId,
			pledged,
			price,
			bought: price !== null && pledged > 0 && pledged >= price,
			shortfall: price === null ? null : Math.max(0, price - pledged),
			backers
		});
	}
	ideas.sort(
		(a, b) =>
			Number(b.bought) - Number(a.bought) || b.pledged - a.pledged || byId(a.ideaId, b.ideaId)
	);
	return { ideas, voters: voters.sort((a, b) => byId(a.userId, b.userId)) };
}

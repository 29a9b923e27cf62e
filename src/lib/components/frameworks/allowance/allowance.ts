import { ALLOWANCE_LIMITS, type AllowanceSetting } from '$lib/model/control.ts';
import type { FeatureRow } from '$lib/model/frameworks/budget/budget.ts';
import type { DotsRow } from '$lib/model/frameworks/dots/dots.ts';
import { validateBallot } from '$lib/model/frameworks/validate.ts';
import { isFiniteNumber, isHidden, isRecord, numberOr } from '../common/tally.ts';

/**
 * Dot voting and buy-a-feature give each person an allowance (dots, budget) to spread over ideas:
 * an entry is a whole amount per idea, and the amounts together may not exceed the allowance. The
 * server rejects every entry of an overspent ballot (frameworks/check.ts, allowanceEntries), so the views
 * check a change against the whole ballot before sending it.
 */

export type AllowanceFramework = 'dots' | 'budget';

/** A whole amount of 0 or more, or 0 for anything else. */
export function amountOf(raw: unknown): number {
	return Number.isInteger(raw) && (raw as number) >= 0 ? (raw as number) : 0;
}

/** What the person has spent on the workshop's ideas (entries for deleted ideas do not count). */
export function spentOf(mine: ReadonlyMap<string, unknown>, ideaIds: ReadonlySet<string>): number {
	let spent = 0;
	for (const [ideaId, raw] of mine) if (ideaIds.has(ideaId)) spent += amountOf(raw);
	return spent;
}

/**
 * Why setting one idea's amount would be rejected by the server, or null when it is fine. Checked
 * on the whole ballot as it would be after the change, with the server's own validation. Taking
 * back is always fine: a ballot overspent by two merged tabs must be able to get back in bounds.
 */
export function changeProblem(
	framework: AllowanceFramework,
	mine: ReadonlyMap<string, unknown>,
	ideaId: string,
	amount: number,
	limit: number,
	ideaIds: ReadonlySet<string>
): string | null {
	if (Number.isInteger(amount) && amount >= 0 && amount <= amountOf(mine.get(ideaId))) return null;
	const next = new Map(mine);
	next.set(ideaId, amount);
	const result = validateBallot(framework, next, {
		dotsPerPerson: limit,
		budgetPerPerson: limit,
		ideaIds
	});
	const own = result.rejected.find((r) => r.ideaId === ideaId);
	return own?.reason ?? null;
}

/** Parses what a person typed as an amount: a whole number of 0 or more, else NaN. */
export function parseAmount(text: string): number {
	const trimmed = text.trim();
	return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * One idea's dot total as the tally holds it: without a rank (null) for an idea the facilitator
 * revealed on its own while the rest stay blind.
 */
export type DotsResult = Omit<DotsRow, 'rank'> & { rank: number | null };

/** One idea's dot total from the tally; null when malformed or hidden. */
export function readDotsRow(raw: unknown): DotsResult | null {
	if (!isRecord(raw) || isHidden(raw) || typeof raw.ideaId !== 'string') return null;
	if (!isFiniteNumber(raw.dots) || !isFiniteNumber(raw.voters)) return null;
	return { ideaId: raw.ideaId, rank: numberOr(raw.rank, null), dots: raw.dots, voters: raw.voters };
}

/** One idea's pledges from the tally; null when malformed or hidden. */
export function readFeatureRow(raw: unknown): FeatureRow | null {
	if (!isRecord(raw) || isHidden(raw) || typeof raw.ideaId !== 'string') return null;
	if (!isFiniteNumber(raw.pledged) || !isFiniteNumber(raw.backers)) return null;
	const price = numberOr(raw.price, null);
	return {
		ideaId: raw.ideaId,
		pledged: raw.pledged,
		price,
		bought: raw.bought === true,
		shortfall: price === null ? null : Math.max(0, price - raw.pledged),
		backers: raw.backers
	};
}

/** Rows for the given ideas, in `order`; rows `order` does not tell apart keep the ideas' order. */
export function rowsFor<T extends { ideaId: string }>(
	aggregates: ReadonlyMap<string, unknown>,
	ideaIds: readonly string[],
	read: (raw: unknown) => T | null,
	order: (a: T, b: T) => number
): T[] {
	const rows: T[] = [];
	for (const ideaId of ideaIds) {
		const row = read(aggregates.get(ideaId));
		if (row) rows.push(row);
	}
	return rows.sort(order);
}

export const byFunding = (a: FeatureRow, b: FeatureRow) =>
	Number(b.bought) - Number(a.bought) || b.pledged - a.pledged;

/** How much of the price is covered, 0–1; 0 without a price. */
export function fundedShare(pledged: number, price: number | null): number {
	if (price === null) return 0;
	if (price <= 0) return pledged > 0 ? 1 : 0;
	return Math.min(1, pledged / price);
}

/** The step of the + and − buttons for a pledge: a twentieth of the budget, at least 1. */
export function pledgeStep(budget: number): number {
	return Math.max(1, Math.round(budget / 20));
}

/**
 * An idea's price: the facilitator's, else the one in the tally (the server's, which may be an
 * effort), else none.
 */
export function priceOf(
	ideaId: string,
	prices: ReadonlyMap<string, number>,
	row: FeatureRow | null
): number | null {
	return prices.get(ideaId) ?? row?.price ?? null;
}

/** Why an allowance typed by the facilitator cannot be used (readSettings would ignore it), or null. */
export function allowanceProblem(key: AllowanceSetting, value: number): string | null {
	const { min, max } = ALLOWANCE_LIMITS[key];
	return Number.isInteger(value) && value >= min && value <= max
		? null
		: `A whole number from ${min} to ${max.toLocaleString('en')}`;
}

/** Why a price typed by the facilitator cannot be used, or null; empty removes the price. */
export function priceProblem(value: number): string | null {
	return Number.isInteger(value) && value >= 0 ? null : 'A price is a whole amount, 0 or more';
}

/**
 * Defensive reading of what the room hands a view from the tally. Only the server writes the tally,
 * but views read it the way every reader of a Yjs document does here (docs/documents.md): a value of
 * the wrong shape is skipped, never trusted.
 */

export type Raw = Record<string, unknown>;

export function isRecord(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

export function numberOr<T>(value: unknown, fallback: T): number | T {
	return isFiniteNumber(value) ? value : fallback;
}

/**
 * An anonymous workshop's result of too few people carries only its count (src/lib/model/tally-derivation.ts,
 * ANONYMITY_THRESHOLD): shown as "n voted", with no numbers.
 */
export function isHidden(raw: unknown): boolean {
	return isRecord(raw) && raw.hidden === true;
}

/** "67 %": whole percent, as the room reads it at a glance. */
export function percent(share: number): string {
	return `${Math.round(share * 100)} %`;
}

/** One decimal, trailing zero dropped: 3.25 → "3.3", 4 → "4". */
export function oneDecimal(value: number): string {
	return String(Math.round(value * 10) / 10);
}

/**
 * Ranked rows first, best first, then rows without a rank: the ideas the facilitator revealed on
 * their own while the rest stay blind (src/lib/model/tally-derivation.ts sends them unranked). Rows it does
 * not tell apart keep their order.
 */
export function byRank(a: { rank: number | null }, b: { rank: number | null }): number {
	// Two unranked rows give Infinity − Infinity, NaN: neither goes first.
	return (a.rank ?? Infinity) - (b.rank ?? Infinity) || 0;
}

/**
 * Each idea's group score, formatted, by idea id: what a view shows beside the person's own input.
 * Built from the rows of the view's results, which hold exactly the ideas the tally sent a result
 * for (while blind, only those revealed), so an idea missing here is one whose result is hidden.
 * A row without a score (a scorecard idea scored only on criteria weighted 0) is left out.
 */
export function groupScores<R extends { ideaId: string }>(
	rows: readonly R[],
	score: (row: R) => number | null,
	format: (value: number) => string
): Map<string, string> {
	const scores = new Map<string, string>();
	for (const row of rows) {
		const value = score(row);
		if (value !== null) scores.set(row.ideaId, format(value));
	}
	return scores;
}

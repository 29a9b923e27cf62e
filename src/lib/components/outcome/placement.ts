import { HORIZONS, type Horizon, type Pin } from '$lib/model/roadmap.ts';

/**
 * How the facilitator places roadmap cards: by rank (no pin), pinned to a horizon, or left out.
 * Pure, so the drag, the keyboard and the menu all move cards the same way.
 */

export type Placement = Pin | 'auto';

export const PLACEMENT_LABELS: Record<Placement, string> = {
	auto: 'By rank (not pinned)',
	now: 'Pin to Now',
	next: 'Pin to Next',
	later: 'Pin to Later',
	out: 'Leave out'
};

export const HORIZON_LABELS: Record<Horizon, string> = { now: 'Now', next: 'Next', later: 'Later' };

/**
 * Where a keyboard move sends a card from the horizon it is in: Left/Up one horizon earlier,
 * Right/Down one later, never past Now or Later; null for other keys or when it cannot move.
 * Cards outside the roadmap enter it at Later (Left/Up) or Now (Right/Down).
 */
export function keyMove(from: Horizon | null, key: string): Horizon | null {
	const step =
		key === 'ArrowLeft' || key === 'ArrowUp'
			? -1
			: key === 'ArrowRight' || key === 'ArrowDown'
				? 1
				: 0;
	if (step === 0) return null;
	if (from === null) return step < 0 ? 'later' : 'now';
	return HORIZONS[HORIZONS.indexOf(from) + step] ?? null;
}

export type CapacityInput = { ok: true; value: number | null } | { ok: false; error: string };

/** A capacity field: empty is no limit; otherwise a number of effort units, 0 or more. */
export function parseCapacity(text: string): CapacityInput {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: null };
	const value = Number(trimmed.replace(',', '.'));
	if (!Number.isFinite(value) || value < 0) {
		return { ok: false, error: 'Enter effort units (0 or more), or leave empty for no limit' };
	}
	return { ok: true, value };
}

/** What a move is announced as, for screen readers and the toast. */
export function placementSentence(title: string, placement: Placement): string {
	switch (placement) {
		case 'auto':
			return `${title} is placed by rank again`;
		case 'out':
			return `${title} is left out of the roadmap`;
		default:
			return `${title} is pinned to ${HORIZON_LABELS[placement]}`;
	}
}

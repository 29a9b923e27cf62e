import type { PresenceView } from '$lib/sync/presence.ts';

/**
 * Following the facilitator: a participant's room shows the tab (and results framework) the
 * facilitator shows, and marks the idea they picked, until the participant picks a tab
 * themselves. Pure, so the rules are tested without a browser.
 */

export interface FollowState {
	following: boolean;
	/** The leader's view last shown, so that each change of it is shown once. */
	applied: string | null;
}

export type FollowEvent =
	/** The leader's view, as it is now (null: no facilitator shares one). */
	| { type: 'leader'; view: PresenceView | null }
	/** The person picked a tab themselves: they leave follow mode. */
	| { type: 'choose' }
	/** "Follow again": the leader's current view is shown at the next `leader` event. */
	| { type: 'follow' };

export function initialFollow(following: boolean): FollowState {
	return { following, applied: null };
}

/** The next state, and the view to show now (null: nothing to change). */
export function followStep(
	state: FollowState,
	event: FollowEvent
): { state: FollowState; show: PresenceView | null } {
	switch (event.type) {
		case 'choose':
			return { state: { following: false, applied: null }, show: null };
		case 'follow':
			return { state: { following: true, applied: null }, show: null };
		case 'leader': {
			if (!state.following || event.view === null) return { state, show: null };
			const key = viewKey(event.view);
			if (key === state.applied) return { state, show: null };
			return { state: { following: true, applied: key }, show: event.view };
		}
	}
}

function viewKey(view: PresenceView): string {
	return `${view.tab}|${view.results ?? ''}|${view.idea ?? ''}`;
}

/** A facilitator's connection that shares a view. */
export interface Candidate {
	clientId: number;
	userId: string;
	name: string;
	colour: string;
	view: PresenceView;
	/** When this client saw that view change last (this client's clock: clocks of others differ). */
	seenAt: number;
}

/**
 * Whom to follow: of the facilitators' connections sharing a view, the one that moved last (with
 * co-facilitators, whoever is steering now); ties go to the facilitator listed first.
 */
export function pickLeader(
	candidates: readonly Candidate[],
	facilitatorIds: readonly string[],
	selfId: string
): Candidate | null {
	const order = (c: Candidate) => facilitatorIds.indexOf(c.userId);
	let best: Candidate | null = null;
	for (const candidate of candidates) {
		if (candidate.userId === selfId || order(candidate) < 0) continue;
		if (
			best === null ||
			candidate.seenAt > best.seenAt ||
			(candidate.seenAt === best.seenAt && order(candidate) < order(best))
		) {
			best = candidate;
		}
	}
	return best;
}

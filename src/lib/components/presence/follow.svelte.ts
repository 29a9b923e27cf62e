import { tick, untrack } from 'svelte';
import { on } from 'svelte/events';
import type { BoardSync } from '$lib/sync/board.svelte.ts';
import { readPresenceUser, readView, type PresenceView } from '$lib/sync/presence.ts';
import {
	followStep,
	initialFollow,
	pickLeader,
	type Candidate,
	type FollowEvent
} from './follow.ts';

export interface FollowOptions {
	board: BoardSync;
	isFacilitator: boolean;
	/** The workshop's facilitators (user ids, from the server's member list), first listed first. */
	facilitatorIds: () => readonly string[];
	/** What this person's room shows now; a facilitator shares it. */
	current: () => { tab: string; results: string | null };
	/** Shows a facilitator's tab (and results framework) in this person's room. */
	show: (view: PresenceView) => void;
}

/**
 * "Follow the facilitator" in one room. A facilitator shares what they show (their tab and the
 * idea they last picked) as `view` in their presence; everyone else follows the facilitator who
 * moved last, from the moment they join, until they pick a tab themselves.
 *
 * Presence, not the control document: where the facilitator looks changes every few seconds and
 * means nothing once they leave, and presence reaches every member ([R1] drops only viewers').
 */
export class FollowMode {
	readonly #options: FollowOptions;
	#state = $state(initialFollow(false));
	/** The idea a facilitator last picked (focus or click on anything marked `data-idea-id`). */
	#picked = $state<string | null>(null);
	/** The followed facilitator's idea, offered as "Jump to it" rather than scrolled to. */
	#jumpTo = $state<string | null>(null);
	/** When each facilitator connection's view was seen to change, by client id. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping read while deriving; reactive through presence
	readonly #seen = new Map<number, { key: string; seenAt: number }>();

	readonly #leader = $derived.by(() => this.#pickLeader());

	constructor(options: FollowOptions) {
		this.#options = options;
		if (options.isFacilitator) {
			$effect(() => {
				options.board.announce('view', { ...options.current(), idea: this.#picked });
			});
			$effect(() => {
				const pick = (event: Event) => {
					const element = (event.target as Element | null)?.closest?.('[data-idea-id]');
					const id = element?.getAttribute('data-idea-id');
					if (id) this.#picked = id;
				};
				const offFocus = on(document, 'focusin', pick);
				const offPointer = on(document, 'pointerdown', pick);
				return () => {
					offFocus();
					offPointer();
				};
			});
		} else {
			this.#state = initialFollow(true);
			$effect(() => {
				const view = this.#leader?.view ?? null;
				untrack(() => this.#dispatch({ type: 'leader', view }));
			});
		}
	}

	/** The facilitator followed (or to follow again); null when none shares a view. */
	get leader(): Candidate | null {
		return this.#leader;
	}

	get following(): boolean {
		return this.#state.following;
	}

	/** The idea the followed facilitator picked, while following. */
	get idea(): string | null {
		return this.#state.following ? (this.#leader?.view.idea ?? null) : null;
	}

	/**
	 * An idea the facilitator picked that the person may jump to. Following never scrolls the
	 * page itself: someone voting on a phone had the page move under their finger and tapped
	 * whatever landed there.
	 */
	get jumpTarget(): string | null {
		return this.#state.following ? this.#jumpTo : null;
	}

	/** Scrolls to the facilitator's idea, because the person asked to. */
	jump(): void {
		const id = this.#jumpTo;
		this.#jumpTo = null;
		if (id) void reveal(id);
	}

	/** The person picked a tab themselves. */
	leave(): void {
		this.#dispatch({ type: 'choose' });
	}

	/** Follows again, showing the facilitator's view at once. */
	follow(): void {
		this.#dispatch({ type: 'follow' });
		this.#dispatch({ type: 'leader', view: this.#leader?.view ?? null });
	}

	#dispatch(event: FollowEvent) {
		const { state, show } = followStep(this.#state, event);
		this.#state = state;
		if (!show) return;
		this.#options.show(show);
		this.#jumpTo = show.idea;
	}

	#pickLeader(): Candidate | null {
		const { board } = this.#options;
		const states = board.presenceStates;
		const now = performance.now();
		const candidates: Candidate[] = [];
		for (const [clientId, state] of states) {
			const user = readPresenceUser(state);
			const view = readView(state);
			if (!user || !view || clientId === board.clientId) continue;
			const key = `${view.tab}|${view.results}|${view.idea}`;
			let seen = this.#seen.get(clientId);
			if (seen?.key !== key) {
				seen = { key, seenAt: seen ? now : 0 };
				this.#seen.set(clientId, seen);
			}
			candidates.push({
				clientId,
				userId: user.id,
				name: user.name,
				colour: user.colour,
				view,
				seenAt: seen.seenAt
			});
		}
		for (const clientId of this.#seen.keys())
			if (!states.has(clientId)) this.#seen.delete(clientId);
		return pickLeader(candidates, this.#options.facilitatorIds(), board.user.id);
	}
}

/**
 * Brings an idea into view: in the framework shown if it is there, else in the ideas list, and
 * only as far as needed.
 */
async function reveal(ideaId: string) {
	await tick();
	const selector = `[data-idea-id="${CSS.escape(ideaId)}"]`;
	const element =
		document.querySelector(`[role="tabpanel"] ${selector}`) ?? document.querySelector(selector);
	element?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

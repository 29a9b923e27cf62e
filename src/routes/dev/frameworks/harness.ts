import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { clearEntry, readRawBallot, setEntry } from '$lib/model/ballot.ts';
import { readSettings, type FrameworkId, type Settings } from '$lib/model/control.ts';
import type { Idea } from '$lib/model/board.ts';
// The harness derives the tally with the server's own function, so what a view shows here is
// what it would show in a room; it is pure (model code only), so it runs in the browser too.
import { deriveTally, type TallyContents } from '$lib/model/tally-derivation.ts';
import { IDEAS, OTHER_BALLOTS, PEOPLE, seedBallot, seedControl, type SeedOptions } from './seed.ts';

/**
 * A workshop in memory: the control document and one ballot per person, as Yjs documents, and a
 * tally derived from them on every change. Reads subscribe to the documents (createSubscriber), so
 * views re-render on any write, from a view or from the harness's own controls.
 */
export class Harness {
	readonly control = new Y.Doc();
	readonly ballots = new Map(PEOPLE.map((person) => [person.userId, new Y.Doc()]));
	readonly ideas: readonly Idea[];
	readonly #subscribe: () => void;

	constructor(options: SeedOptions & { ideas: boolean }) {
		this.ideas = options.ideas ? IDEAS : [];
		seedControl(this.control, options);
		if (options.votes) {
			for (const [userId, entries] of Object.entries(OTHER_BALLOTS)) {
				seedBallot(this.ballots.get(userId)!, entries);
			}
		}
		const docs = [this.control, ...this.ballots.values()];
		this.#subscribe = createSubscriber((update) => {
			for (const doc of docs) doc.on('update', update);
			return () => {
				for (const doc of docs) doc.off('update', update);
			};
		});
	}

	get settings(): Settings {
		this.#subscribe();
		return readSettings(this.control);
	}

	get tally(): TallyContents {
		this.#subscribe();
		return deriveTally({
			ideas: [...this.ideas],
			settings: readSettings(this.control),
			ballots: PEOPLE.map((member) => ({
				member,
				entries: readRawBallot(this.ballots.get(member.userId)!)
			})),
			members: [...PEOPLE]
		});
	}

	/** A person's raw entries in one framework, as their ballot holds them. */
	entries(userId: string, framework: FrameworkId): Map<string, unknown> {
		this.#subscribe();
		const entries = new Map<string, unknown>();
		this.ballots
			.get(userId)
			?.getMap(framework)
			.forEach((value, ideaId) => entries.set(ideaId, value));
		return entries;
	}

	setEntry(userId: string, framework: FrameworkId, ideaId: string, entry: unknown): void {
		setEntry(this.ballots.get(userId)!, framework, ideaId, entry);
	}

	clearEntry(userId: string, framework: FrameworkId, ideaId: string): void {
		clearEntry(this.ballots.get(userId)!, framework, ideaId);
	}

	updateControl(change: (control: Y.Doc) => void): void {
		this.control.transact(() => change(this.control));
	}
}

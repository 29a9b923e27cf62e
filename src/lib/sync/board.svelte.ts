import { onMount } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { WebsocketProvider } from 'y-websocket';
import {
	addIdea,
	BoardError,
	deleteIdea,
	ideasMap,
	readIdeas,
	restoreIdea,
	updateIdea,
	type Idea
} from '$lib/model/board.ts';
import { SyncedDocument } from './document.svelte.ts';
import { readPeers, type Peer, type PresenceUser } from './presence.ts';

export interface BoardSyncOptions {
	workshopId: string;
	user: PresenceUser;
	/** Observers and viewers never write the document (the server drops their updates). */
	readOnly: boolean;
	/** Viewers do not announce presence (the server drops their awareness messages). */
	present: boolean;
	/**
	 * Whether the board may be changed right now (the phase and lock can close it to
	 * participants); checked before every write, as the server drops writes it does not allow.
	 */
	mayWrite?: () => boolean;
}

/**
 * A workshop's `board` document in the browser: its ideas and the room's presence, as reactive
 * getters. Each getter subscribes (createSubscriber) and then reads the Yjs value itself, so what
 * components show can never drift from the document. Scores live in ballots (./ballot.svelte.ts).
 */
export class BoardSync extends SyncedDocument {
	readonly workshopId: string;
	readonly user: PresenceUser;
	readonly readOnly: boolean;
	readonly present: boolean;
	readonly #mayWrite: () => boolean;
	#presence = new EventTarget();
	/** What this connection announces in presence: the user, unless told otherwise (announce). */
	#announced: PresenceUser;

	#subscribeIdeas = createSubscriber((update) => {
		const ideas = ideasMap(this.doc);
		ideas.observeDeep(update);
		return () => ideas.unobserveDeep(update);
	});

	#subscribePresence = createSubscriber((update) => {
		this.#presence.addEventListener('change', update);
		return () => this.#presence.removeEventListener('change', update);
	});

	constructor(options: BoardSyncOptions) {
		// Presence rides on the board's connection: it is the one document every member has open.
		super({ path: options.workshopId, presence: options.present });
		this.workshopId = options.workshopId;
		this.user = options.user;
		this.readOnly = options.readOnly;
		this.present = options.present;
		this.#mayWrite = options.mayWrite ?? (() => true);
		this.#announced = options.user;
	}

	/** Changes what the room sees of this user in presence (e.g. without their function). */
	announce(user: PresenceUser): void {
		const same =
			user.id === this.#announced.id &&
			user.name === this.#announced.name &&
			user.function === this.#announced.function &&
			user.colour === this.#announced.colour;
		this.#announced = user;
		if (!same && this.present) this.provider?.awareness.setLocalState({ user });
	}

	/** Ideas, oldest first. */
	get ideas(): Idea[] {
		this.#subscribeIdeas();
		return readIdeas(this.doc);
	}

	/** Who is in the room: one entry per person (not per tab), yourself first. */
	get peers(): Peer[] {
		this.#subscribePresence();
		return readPeers(this.provider?.awareness.getStates(), this.present ? this.user : null);
	}

	#writable() {
		if (this.readOnly) throw new BoardError('You are following this workshop read-only');
		if (!this.#mayWrite()) throw new BoardError('Ideas are closed at the moment');
	}

	addIdea(title: string, description = ''): string {
		this.#writable();
		return addIdea(this.doc, { title, description, createdBy: this.user.id });
	}

	updateIdea(id: string, patch: { title?: string; description?: string }): void {
		this.#writable();
		updateIdea(this.doc, id, patch);
	}

	/**
	 * Deletes an idea; the returned function puts it back. Scores of it stay in everyone's ballot
	 * (the tally ignores them while the idea is gone), so an undo brings them back too.
	 */
	deleteIdea(id: string): () => void {
		this.#writable();
		const idea = readIdeas(this.doc).find((i) => i.id === id);
		deleteIdea(this.doc, id);
		return () => {
			if (idea) restoreIdea(this.doc, idea);
		};
	}

	protected override attach(provider: WebsocketProvider): () => void {
		if (this.present) provider.awareness.setLocalState({ user: this.#announced });
		const changed = () => this.#presence.dispatchEvent(new Event('change'));
		provider.awareness.on('change', changed);
		changed();
		return () => provider.awareness.off('change', changed);
	}
}

/**
 * Creates the board of a workshop for the component being initialised, connected while that
 * component is mounted (never during server rendering).
 */
export function useBoardSync(options: BoardSyncOptions): BoardSync {
	const board = new BoardSync(options);
	onMount(() => board.connect());
	return board;
}

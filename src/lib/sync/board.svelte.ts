import { createSubscriber } from 'svelte/reactivity';
import type { WebsocketProvider } from 'y-websocket';
import {
	addIdea,
	BoardError,
	deleteIdea,
	deletedMap,
	ideasMap,
	readDeleted,
	readIdeas,
	restoreIdea,
	updateIdea,
	type DeletedIdea,
	type Idea
} from '$lib/model/board.ts';
import { addComment, commentsMap, readComments, type Comment } from '$lib/model/comments.ts';
import { CloseCode, PRESENCE_GRACE_MS } from '$lib/model/protocol.ts';
import { SyncedDocument } from './document.svelte.ts';
import { readPeers, type Peer, type PresenceUser } from './presence.ts';
import { rejoinPresence } from './presence-rejoin.ts';
import { renewPresenceOnMessage } from './presence-renewal.ts';
import { readBacklogRef, type BacklogRef } from '$lib/model/backlog.ts';

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

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
	/** What this connection announces as its user: the user, unless told otherwise (announceUser). */
	#announcedUser: PresenceUser;
	/** Cursors and views move far more often than people come and go: they notify apart. */
	#live = new EventTarget();
	/** Each client's `user`, as last seen, to tell a change of who is here from a cursor move. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- compared in an event handler, never rendered
	#users = new Map<number, string>();
	/** Fields announced so far, for a connection made later (or again) to carry them too. */
	#announced: Record<string, unknown> = {};
	/**
	 * Who was in the room when the server closed this connection for new permissions (4100), shown
	 * until the new connection has brought the room's presence back. y-websocket drops everyone
	 * else's presence the moment its socket closes, while the server keeps it for the reconnect
	 * ([A3]); without this, the person reconnecting would see the room empty and fill again.
	 */
	#held: ReadonlyMap<number, unknown> | null = null;

	#subscribeIdeas = createSubscriber((update) => {
		const ideas = ideasMap(this.doc);
		ideas.observeDeep(update);
		return () => ideas.unobserveDeep(update);
	});

	#subscribeDeleted = createSubscriber((update) => {
		const deleted = deletedMap(this.doc);
		deleted.observeDeep(update);
		return () => deleted.unobserveDeep(update);
	});

	#subscribeComments = createSubscriber((update) => {
		const comments = commentsMap(this.doc);
		comments.observeDeep(update);
		return () => comments.unobserveDeep(update);
	});

	#subscribePresence = createSubscriber((update) => {
		this.#presence.addEventListener('change', update);
		return () => this.#presence.removeEventListener('change', update);
	});

	#subscribeLive = createSubscriber((update) => {
		this.#live.addEventListener('change', update);
		return () => this.#live.removeEventListener('change', update);
	});

	constructor(options: BoardSyncOptions) {
		// Presence rides on the board's connection: it is the one document every member has open.
		super({ path: options.workshopId, presence: options.present });
		this.workshopId = options.workshopId;
		this.user = options.user;
		this.readOnly = options.readOnly;
		this.present = options.present;
		this.#mayWrite = options.mayWrite ?? (() => true);
		this.#announcedUser = options.user;
	}

	/** Changes what the room sees of this user in presence (e.g. without their function). */
	announceUser(user: PresenceUser): void {
		const same =
			user.id === this.#announcedUser.id &&
			user.name === this.#announcedUser.name &&
			user.function === this.#announcedUser.function &&
			user.colour === this.#announcedUser.colour;
		this.#announcedUser = user;
		if (!same && this.present) this.provider?.awareness.setLocalStateField('user', user);
	}

	/** Ideas, oldest first. */
	get ideas(): Idea[] {
		this.#subscribeIdeas();
		return readIdeas(this.doc);
	}

	/** The backlog idea a board idea came from, with its demand (null for the room's own ideas). */
	backlogOf(ideaId: string): BacklogRef | null {
		this.#subscribeIdeas();
		return readBacklogRef(this.doc, ideaId);
	}

	/** Each idea's comments, oldest first, by idea id. */
	get comments(): Map<string, Comment[]> {
		this.#subscribeComments();
		return readComments(this.doc);
	}

	/** Whether this person may write to the board now (add ideas, comment). */
	get writable(): boolean {
		return !this.readOnly && this.#mayWrite();
	}

	addComment(ideaId: string, text: string): void {
		this.#writable();
		addComment(this.doc, { ideaId, text, by: this.user.id });
	}

	/** Ideas deleted and not restored, most recent first. */
	get deleted(): DeletedIdea[] {
		this.#subscribeDeleted();
		this.#subscribeIdeas();
		return readDeleted(this.doc);
	}

	/** Who is in the room: one entry per person (not per tab), yourself first. */
	get peers(): Peer[] {
		this.#subscribePresence();
		const states = this.#held ?? this.provider?.awareness.getStates();
		return readPeers(states, this.present ? this.user : null);
	}

	/** Every awareness state in the room by client id (cursors, views), yours included. */
	get presenceStates(): ReadonlyMap<number, unknown> {
		this.#subscribeLive();
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh snapshot nobody mutates; the subscription above makes it reactive
		return new Map(this.provider?.awareness.getStates());
	}

	/** This connection's awareness client id, to tell its own state apart; null while offline. */
	get clientId(): number | null {
		this.#subscribeLive();
		return this.provider?.awareness.clientID ?? null;
	}

	/** Sets one field of this connection's presence (`cursor`, `view`); a no-op for viewers. */
	announce(field: 'cursor' | 'view', value: unknown): void {
		if (!this.present) return;
		this.#announced[field] = value;
		this.provider?.awareness.setLocalStateField(field, value);
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
	/** Puts a deleted idea back (facilitators: the board is closed to others outside Collect). */
	restoreIdea(idea: Idea): void {
		this.#writable();
		restoreIdea(this.doc, idea);
	}

	deleteIdea(id: string): () => void {
		this.#writable();
		const idea = readIdeas(this.doc).find((i) => i.id === id);
		deleteIdea(this.doc, id, this.user.id);
		return () => {
			if (idea) restoreIdea(this.doc, idea);
		};
	}

	protected override attach(provider: WebsocketProvider): () => void {
		if (this.present) provider.awareness.setLocalState({ user: this.#announcedUser });
		for (const [field, value] of Object.entries(this.#announced)) {
			provider.awareness.setLocalStateField(field, value);
		}
		const states = provider.awareness.getStates();
		const changed = ({ added, updated, removed }: AwarenessChange) => {
			let people = added.length > 0 || removed.length > 0;
			for (const id of removed) this.#users.delete(id);
			for (const id of [...added, ...updated]) {
				const user = JSON.stringify((states.get(id) as { user?: unknown } | undefined)?.user);
				if (this.#users.get(id) !== user) people = true;
				this.#users.set(id, user);
			}
			if (people) this.#presence.dispatchEvent(new Event('change'));
			this.#live.dispatchEvent(new Event('change'));
		};
		provider.awareness.on('change', changed);
		let release: ReturnType<typeof setTimeout> | undefined;
		const hold = (held: ReadonlyMap<number, unknown> | null) => {
			this.#held = held;
			clearTimeout(release);
			// Past the server's grace the room has forgotten them too, so the hold lets go.
			if (held) release = setTimeout(() => hold(null), PRESENCE_GRACE_MS);
			this.#presence.dispatchEvent(new Event('change'));
		};
		// Emitted before y-websocket drops the others' presence.
		const closed = (event: CloseEvent | null) => {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a snapshot nobody mutates; hold() notifies
			if (event?.code === CloseCode.PermissionsChanged) hold(new Map(states));
		};
		// The server sends the room's presence on joining, before its answer to this client's sync.
		const synced = (isSynced: boolean) => {
			if (isSynced && this.#held) hold(null);
		};
		provider.on('connection-close', closed);
		provider.on('sync', synced);
		const stopRejoining = rejoinPresence(provider);
		const stopRenewing = renewPresenceOnMessage(provider.awareness);
		changed({ added: [...states.keys()], updated: [], removed: [] });
		this.#presence.dispatchEvent(new Event('change'));
		return () => {
			stopRejoining();
			stopRenewing();
			provider.off('connection-close', closed);
			provider.off('sync', synced);
			clearTimeout(release);
			this.#held = null;
			provider.awareness.off('change', changed);
			this.#users.clear();
		};
	}
}

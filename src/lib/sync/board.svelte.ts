import { onMount } from 'svelte';
import { on } from 'svelte/events';
import { createSubscriber } from 'svelte/reactivity';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	addIdea,
	BoardError,
	clearPlacement,
	deleteIdea,
	ideasMap,
	placementsMap,
	readIdeas,
	restoreIdea,
	setPlacement,
	updateIdea,
	type Idea,
	type Placement
} from '$lib/model/board.ts';
import { connectionStatus, type ConnectionStatus } from './connection.ts';
import { PlacementIndex, type PlacementsByIdea } from './placement-index.ts';
import { readPeers, type Peer, type PresenceUser } from './presence.ts';

export interface BoardSyncOptions {
	workshopId: string;
	user: PresenceUser;
	/** Observers and viewers never write the document (the server drops their updates). */
	readOnly: boolean;
	/** Viewers do not announce presence (the server drops their awareness messages). */
	present: boolean;
}

type Topic = 'connection' | 'presence';

/**
 * A workshop's `board` document in the browser: the Yjs document, its y-websocket connection and
 * presence, exposed as reactive getters. Each getter subscribes (createSubscriber) and then reads
 * the Yjs value itself, so what components show can never drift from the document.
 */
export class BoardSync {
	readonly doc = new Y.Doc();
	readonly workshopId: string;
	readonly user: PresenceUser;
	readonly readOnly: boolean;
	readonly present: boolean;

	readonly #placements: PlacementIndex;
	#provider: WebsocketProvider | null = null;
	#online = true;
	#everSynced = false;
	#closed: { code: number; reason: string } | null = null;
	/** Tells subscribers that provider or window state behind a getter changed. */
	#events = new EventTarget();

	#subscribeIdeas = createSubscriber((update) => {
		const ideas = ideasMap(this.doc);
		ideas.observeDeep(update);
		return () => ideas.unobserveDeep(update);
	});

	#subscribePlacements = createSubscriber((update) => {
		// Deleting an idea hides its placements too, so both maps matter.
		const placements = placementsMap(this.doc);
		const ideas = ideasMap(this.doc);
		placements.observe(update);
		ideas.observe(update);
		return () => {
			placements.unobserve(update);
			ideas.unobserve(update);
		};
	});

	#subscribeConnection = this.#topic('connection');
	#subscribePresence = this.#topic('presence');

	constructor(options: BoardSyncOptions) {
		this.workshopId = options.workshopId;
		this.user = options.user;
		this.readOnly = options.readOnly;
		this.present = options.present;
		// Registered before any subscriber, so the index is current whenever a getter re-reads.
		this.#placements = new PlacementIndex(this.doc);
		placementsMap(this.doc).observe((event) => this.#placements.apply(event.keysChanged));
	}

	#topic(topic: Topic) {
		return createSubscriber((update) => {
			this.#events.addEventListener(topic, update);
			return () => this.#events.removeEventListener(topic, update);
		});
	}

	#emit(topic: Topic) {
		this.#events.dispatchEvent(new Event(topic));
	}

	/** Ideas, oldest first. */
	get ideas(): Idea[] {
		this.#subscribeIdeas();
		return readIdeas(this.doc);
	}

	/**
	 * Every valid placement, by idea, then by user (as readPlacements). An idea's map of users is
	 * the same object until one of its placements changes.
	 */
	get placements(): PlacementsByIdea {
		this.#subscribePlacements();
		return this.#placements.read();
	}

	get status(): ConnectionStatus {
		this.#subscribeConnection();
		const provider = this.#provider;
		return connectionStatus({
			online: this.#online,
			connected: Boolean(provider?.wsconnected),
			synced: Boolean(provider?.synced),
			everSynced: this.#everSynced,
			closed: this.#closed !== null
		});
	}

	/** Why the server closed the connection for good, when it did. */
	get closedReason(): string | null {
		this.#subscribeConnection();
		return this.#closed?.reason || (this.#closed ? `closed (${this.#closed.code})` : null);
	}

	/** True once the document has been received from the server at least once. */
	get loaded(): boolean {
		this.#subscribeConnection();
		return this.#everSynced;
	}

	/** Who is in the room: one entry per person (not per tab), yourself first. */
	get peers(): Peer[] {
		this.#subscribePresence();
		return readPeers(this.#provider?.awareness.getStates(), this.present ? this.user : null);
	}

	#writable() {
		if (this.readOnly) throw new BoardError('You are following this workshop read-only');
	}

	addIdea(title: string, description = ''): string {
		this.#writable();
		return addIdea(this.doc, { title, description, createdBy: this.user.id });
	}

	updateIdea(id: string, patch: { title?: string; description?: string }): void {
		this.#writable();
		updateIdea(this.doc, id, patch);
	}

	/** Deletes an idea; the returned function puts it back with the placements it had. */
	deleteIdea(id: string): () => void {
		this.#writable();
		const idea = readIdeas(this.doc).find((i) => i.id === id);
		const placed = [...(this.#placements.read().get(id) ?? [])];
		deleteIdea(this.doc, id);
		return () => {
			if (!idea) return;
			this.doc.transact(() => {
				restoreIdea(this.doc, idea);
				for (const [userId, at] of placed) setPlacement(this.doc, id, userId, at);
			});
		};
	}

	/** Places (or moves) the current user's point for an idea. */
	place(ideaId: string, at: Placement): void {
		this.#writable();
		setPlacement(this.doc, ideaId, this.user.id, at);
	}

	/** Takes the current user's point off the matrix (the idea goes back to their tray). */
	unplace(ideaId: string): void {
		this.#writable();
		clearPlacement(this.doc, ideaId, this.user.id);
	}

	/** Opens the connection; the returned function closes it and frees everything. */
	connect(): () => void {
		const origin = location.origin.replace(/^http/, 'ws');
		const provider = new WebsocketProvider(`${origin}/sync`, this.workshopId, this.doc, {
			connect: false,
			// The server is the one source of truth and enforces read-only; tabs do not talk directly.
			disableBc: true
		});
		this.#provider = provider;
		if (this.present) {
			provider.awareness.setLocalState({ user: this.user });
		} else {
			provider.awareness.setLocalState(null);
		}
		this.#online = navigator.onLine;

		const connection = () => this.#emit('connection');
		const presence = () => this.#emit('presence');
		const onSync = (synced: boolean) => {
			if (synced) this.#everSynced = true;
			connection();
		};
		const onClosed = (event: { code: number; reason: string }) => {
			this.#closed = event;
			connection();
		};
		provider.on('status', connection);
		provider.on('sync', onSync);
		provider.on('closed', onClosed);
		provider.awareness.on('change', presence);
		const offOnline = on(window, 'online', () => {
			this.#online = true;
			connection();
		});
		const offOffline = on(window, 'offline', () => {
			this.#online = false;
			connection();
		});

		provider.connect();
		connection();
		presence();

		return () => {
			offOnline();
			offOffline();
			provider.off('status', connection);
			provider.off('sync', onSync);
			provider.off('closed', onClosed);
			provider.awareness.off('change', presence);
			provider.destroy();
			provider.awareness.destroy();
			this.#provider = null;
			this.doc.destroy();
		};
	}

	/** After the server closed the connection for good: try again. */
	reconnect(): void {
		this.#closed = null;
		this.#provider?.connect();
		this.#emit('connection');
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

import { on } from 'svelte/events';
import { createSubscriber } from 'svelte/reactivity';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '$lib/model/protocol.ts';
import { RECONNECT_BACKOFF, RESTART_SPREAD_MS, reconnectDelay } from './backoff.ts';
import { connectionStatus, type ConnectionStatus } from './connection.ts';

export interface SyncedDocumentOptions {
	/**
	 * The document's path under `/sync/`: `<id>` (board), `<id>/control`, `<id>/tally` or
	 * `<id>/ballot/<userId>` (see docs/documents.md).
	 */
	path: string;
	/**
	 * Whether this connection carries presence (awareness). Only the board does; on every other
	 * document the server would drop it, and close a connection that keeps sending it.
	 */
	presence?: boolean;
}

/**
 * y-websocket gives up on a socket that has received nothing for 30 s. A document without
 * presence hears nothing while nobody changes it, so it asks for the server's state (a sync step
 * 1, answered with an empty diff) this often to keep the socket from looking dead.
 */
const KEEPALIVE_MS = 15_000;

/** y-websocket's rule: 4400–4499 say reconnecting cannot help (see server/sync/protocol.ts). */
const isFinal = (code: number) => code >= 4400 && code < 4500;

export interface ClosedReason {
	code: number;
	reason: string;
}

/**
 * One Yjs document kept in sync with the server over y-websocket: the document, its connection
 * and the connection's state, exposed as reactive getters (createSubscriber), for subclasses that
 * add typed readers and writers of the document's contents.
 *
 * The connection opens in `connect()` (never during server rendering) and every getter reads the
 * provider's own flags when asked, so what is shown cannot drift from the socket.
 */
export class SyncedDocument {
	readonly path: string;
	readonly presence: boolean;

	#doc = new Y.Doc();
	#provider: WebsocketProvider | null = null;
	/** Closes the current connection and destroys its document; set while connected. */
	#disconnect: (() => void) | null = null;
	#online = true;
	#everSynced = false;
	#closed: ClosedReason | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#permissionCloses = 0;
	#connection = new EventTarget();

	#subscribeConnection = createSubscriber((update) => {
		this.#connection.addEventListener('change', update);
		return () => this.#connection.removeEventListener('change', update);
	});

	constructor(options: SyncedDocumentOptions) {
		this.path = options.path;
		this.presence = options.presence ?? false;
	}

	/** The Yjs document. Only `renew()` replaces it, and only ballots renew. */
	get doc(): Y.Doc {
		return this.#doc;
	}

	/** The provider while connected (between `connect()` and its cleanup), for subclasses. */
	protected get provider(): WebsocketProvider | null {
		return this.#provider;
	}

	protected connectionChanged(): void {
		this.#connection.dispatchEvent(new Event('change'));
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

	/**
	 * How many times the server closed this connection because permissions changed (a role, the
	 * phase or the lock), so the page can reload what it knows about the person's role.
	 */
	get permissionCloses(): number {
		this.#subscribeConnection();
		return this.#permissionCloses;
	}

	/** True once the document has been received from the server at least once. */
	get loaded(): boolean {
		this.#subscribeConnection();
		return this.#everSynced;
	}

	/**
	 * Resolves once the document is in sync with the server over the current connection (at once
	 * if it is): what it says is then the server's present state, not one from before a break.
	 */
	whenSynced(): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				if (!this.#provider?.synced) return;
				this.#connection.removeEventListener('change', check);
				resolve();
			};
			this.#connection.addEventListener('change', check);
			check();
		});
	}

	/**
	 * Called once the provider exists and before it connects; what it returns is called when the
	 * connection is torn down. Subclasses set up presence here.
	 */
	protected attach(_provider: WebsocketProvider): (() => void) | void {}

	/** Called by `renew()` once `doc` is the new document, before it connects. */
	protected renewed(): void {}

	/** Opens the connection; the returned function closes it and frees everything. */
	connect(): () => void {
		this.#disconnect = this.#open();
		return () => {
			this.#disconnect?.();
			this.#disconnect = null;
		};
	}

	/**
	 * Replaces the document with an empty one connected afresh, which then holds what the server
	 * has and nothing else: a Yjs document cannot forget items, so this is how local changes the
	 * server refused are dropped for good (the old document and its provider are destroyed, so
	 * they can never send them).
	 */
	protected renew(): void {
		if (!this.#disconnect) return;
		this.#disconnect();
		this.#doc = new Y.Doc();
		this.renewed();
		this.#disconnect = this.#open();
	}

	/** Connects the current document; returns what closes the connection and destroys it. */
	#open(): () => void {
		const doc = this.#doc;
		const origin = location.origin.replace(/^http/, 'ws');
		const provider = new WebsocketProvider(`${origin}/sync`, this.path, doc, {
			connect: false,
			// The server is the one source of truth and enforces read-only; tabs do not talk directly.
			disableBc: true,
			resyncInterval: this.presence ? -1 : KEEPALIVE_MS,
			// After a close the server sent, this class schedules the reconnect itself (with jitter,
			// see backoff.ts), so the provider is told not to and stops until connect() is called.
			shouldReconnect: (event) => {
				if (isFinal(event.code)) return false;
				if (event.code === CloseCode.PermissionsChanged) this.#permissionCloses++;
				const restart = event.code === CloseCode.GoingAway;
				scheduleRetry(provider.wsUnsuccessfulReconnects, restart ? RESTART_SPREAD_MS : 0);
				return false;
			}
		});
		this.#provider = provider;
		if (!this.presence) provider.awareness.setLocalState(null);
		this.#online = navigator.onLine;

		const changed = () => this.connectionChanged();
		const scheduleRetry = (attempt: number, floorMs: number) => {
			if (this.#retry !== null) clearTimeout(this.#retry);
			const delay = reconnectDelay(attempt, Math.random, { ...RECONNECT_BACKOFF, floorMs });
			this.#retry = setTimeout(() => {
				this.#retry = null;
				provider.connect();
				changed();
			}, delay);
		};
		const onSync = (synced: boolean) => {
			if (synced) this.#everSynced = true;
			changed();
		};
		const onClosed = (event: ClosedReason) => {
			// A transient close the retry above already took care of.
			if (this.#retry !== null) return;
			this.#closed = { code: event.code, reason: event.reason };
			changed();
		};
		provider.on('status', changed);
		provider.on('sync', onSync);
		provider.on('closed', onClosed);
		const offOnline = on(window, 'online', () => {
			this.#online = true;
			// The network is back: no need to sit out a long backoff from while it was gone.
			if (this.#retry !== null) scheduleRetry(1, 0);
			changed();
		});
		const offOffline = on(window, 'offline', () => {
			this.#online = false;
			changed();
		});
		const detach = this.attach(provider);

		provider.connect();
		changed();

		return () => {
			detach?.();
			if (this.#retry !== null) clearTimeout(this.#retry);
			this.#retry = null;
			offOnline();
			offOffline();
			provider.off('status', changed);
			provider.off('sync', onSync);
			provider.off('closed', onClosed);
			provider.destroy();
			provider.awareness.destroy();
			this.#provider = null;
			doc.destroy();
		};
	}

	/** After the server closed the connection for good: try again. */
	reconnect(): void {
		if (!this.#closed) return;
		this.#closed = null;
		this.#provider?.connect();
		this.connectionChanged();
	}
}

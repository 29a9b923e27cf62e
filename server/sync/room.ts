import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { stampPresence, type PresenceIdentity, type PresenceState } from './presence.ts';
import { CloseCode, MessageType, PRESENCE_GRACE_MS, READ_ONLY_TOLERANCE } from './protocol.ts';

/** What a room needs from a connection: the room never sees a socket. */
export interface Peer {
	/** Document updates from this peer are dropped ([R1]). */
	readonly readOnly: boolean;
	/**
	 * Who this peer's presence is ([S3]); null when its awareness is not shared and is dropped
	 * like a read-only write.
	 */
	readonly presence: PresenceIdentity | null;
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

export interface RoomOptions {
	/** Called with every change the room accepted, to be stored. */
	persist(update: Uint8Array): void;
	log?: (message: string, details?: Record<string, unknown>) => void;
	/** Total bytes of accepted updates a document may hold. */
	maxBytes?: number;
	/** How long presence outlives a connection the server closed for new permissions ([A3]). */
	presenceGraceMs?: number;
	/** Null when every change persisted so far is stored, else resolves once they are ([VD2]). */
	whenStored?: () => Promise<void> | null;
}

class FrameError extends Error {
	constructor(
		readonly code: number,
		message: string
	) {
		super(message);
	}
}

interface PeerState {
	ignoredWrites: number;
	ignoredAwareness: number[];
}

/**
 * One live document and the peers editing it. Speaks y-protocols' sync and awareness; decides
 * nothing about who may connect (that happened at upgrade time), only whether a peer may write.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly #peers = new Map<Peer, PeerState>();
	/**
	 * The connection each awareness client last announced its presence through: its presence
	 * leaves with that connection. A client that reconnects announces itself over the new one,
	 * possibly before the server sees the old one close, and must not leave with the old one.
	 */
	readonly #presenceVia = new Map<number, Peer>();
	/** Removals of presence held back for clients sent away to come back ([A3]). */
	readonly #graceTimers = new Set<ReturnType<typeof setTimeout>>();
	readonly #options: RoomOptions;
	#bytes = 0;
	/** Updates produced while applying a peer's frame, held until the frame applied cleanly. */
	#pending: Uint8Array[] | null = null;
	/**
	 * Rewrites every presence state before it leaves the server (the workshop's functions are
	 * hidden, [F1]; a framework's votes are, [S4]); null sends them as kept. States are kept
	 * unredacted, so the next state a client announces goes out whole once this is cleared.
	 */
	redactPresence: ((state: PresenceState) => PresenceState) | null = null;

	constructor(
		readonly name: string,
		stored: Uint8Array[],
		options: RoomOptions
	) {
		this.#options = options;
		// Nobody on the server has presence.
		this.awareness.setLocalState(null);
		for (const update of stored) {
			Y.applyUpdate(this.doc, update, 'storage');
			this.#bytes += update.byteLength;
		}
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'storage') return;
			if (this.#pending) {
				this.#pending.push(update);
			} else {
				this.#accept(update, origin);
			}
		});
		this.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				for (const id of removed) this.#presenceVia.delete(id);
				// Updated counts too: a client seen before (e.g. over a connection that closed) is
				// reported as updated, not added, when it comes back.
				if (this.#peers.has(origin as Peer)) {
					for (const id of [...added, ...updated]) this.#presenceVia.set(id, origin as Peer);
				}
				this.#broadcast(this.#awarenessMessage([...added, ...updated, ...removed]));
			}
		);
	}

	#awarenessMessage(clients: number[]): Uint8Array {
		const redact = this.redactPresence;
		let states = this.awareness.getStates();
		if (redact) {
			states = new Map();
			for (const id of clients) {
				const state = this.awareness.getStates().get(id);
				if (state) states.set(id, redact(state));
			}
		}
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.Awareness);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients, states)
		);
		return encoding.toUint8Array(encoder);
	}

	get size(): number {
		return this.#peers.size;
	}

	get peers(): Iterable<Peer> {
		return this.#peers.keys();
	}

	join(peer: Peer): void {
		this.#peers.set(peer, { ignoredWrites: 0, ignoredAwareness: [] });
		// A read-only peer gets no step 1: it would answer with its own state, which it may not write.
		if (!peer.readOnly) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Sync);
			syncProtocol.writeSyncStep1(encoder, this.doc);
			this.#sendStored(peer, encoding.toUint8Array(encoder));
		}
		const states = this.awareness.getStates();
		if (states.size > 0) peer.send(this.#awarenessMessage([...states.keys()]));
	}

	/** `code` is the close code the server sent, when the server closed the connection. */
	leave(peer: Peer, code?: number): void {
		if (!this.#peers.delete(peer)) return;
		if (code !== CloseCode.PermissionsChanged) return this.#removePresenceVia(peer);
		// The server sent the client away to come straight back with new permissions ([A3]):
		// removing its presence now would show everyone it leaving and coming back. Once it
		// announces itself over its new connection its presence moves there, and this finds
		// nothing left to remove.
		const timer = setTimeout(() => {
			this.#graceTimers.delete(timer);
			this.#removePresenceVia(peer);
		}, this.#options.presenceGraceMs ?? PRESENCE_GRACE_MS);
		this.#graceTimers.add(timer);
	}

	#removePresenceVia(peer: Peer) {
		const present = [...this.#presenceVia].filter(([, via]) => via === peer).map(([id]) => id);
		if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, null);
	}

	/**
	 * Handles one frame from a peer. A frame that cannot be decoded or applied closes that peer
	 * with a named code; nothing from it is stored or forwarded.
	 */
	receive(peer: Peer, frame: Uint8Array): void {
		const state = this.#peers.get(peer);
		if (!state) return;
		try {
			this.#handle(peer, state, frame);
		} catch (error) {
			const code = error instanceof FrameError ? error.code : CloseCode.MalformedFrame;
			const message = error instanceof Error ? error.message : String(error);
			this.#options.log?.('closing connection after a bad frame', {
				room: this.name,
				code,
				message
			});
			this.leave(peer);
			peer.close(code, message.slice(0, 120));
		}
	}

	#handle(peer: Peer, state: PeerState, frame: Uint8Array) {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MessageType.Sync:
				return this.#handleSync(peer, state, decoder);
			case MessageType.Awareness: {
				const update = decoding.readVarUint8Array(decoder);
				if (!peer.presence) return this.#ignoreAwareness(peer, state);
				awarenessProtocol.applyAwarenessUpdate(
					this.awareness,
					this.#stamp(update, peer.presence),
					peer
				);
				return;
			}
			case MessageType.QueryAwareness:
				peer.send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
				return;
			default:
				throw new FrameError(CloseCode.UnknownMessageType, `unknown message type ${type}`);
		}
	}

	/**
	 * Rewrites an awareness update as the room accepts it from a peer ([S3]): every state carries
	 * the peer's identity and only the fields it may announce, and a client whose presence came
	 * from someone else is not the peer's to change or remove.
	 */
	#stamp(update: Uint8Array, who: PresenceIdentity): Uint8Array {
		const decoder = decoding.createDecoder(update);
		const encoder = encoding.createEncoder();
		const count = decoding.readVarUint(decoder);
		const accepted: [number, number, string][] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const announced: unknown = JSON.parse(decoding.readVarString(decoder));
			const owner = this.#presenceVia.get(clientId)?.presence;
			if (owner && owner.id !== who.id) continue;
			const kept =
				typeof announced === 'object' && announced !== null && !Array.isArray(announced)
					? stampPresence(announced as PresenceState, who)
					: null;
			accepted.push([clientId, clock, JSON.stringify(kept)]);
		}
		encoding.writeVarUint(encoder, accepted.length);
		for (const [clientId, clock, json] of accepted) {
			encoding.writeVarUint(encoder, clientId);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, json);
		}
		return encoding.toUint8Array(encoder);
	}

	#handleSync(peer: Peer, state: PeerState, decoder: decoding.Decoder) {
		const syncType = decoding.readVarUint(decoder);
		switch (syncType) {
			case syncProtocol.messageYjsSyncStep1: {
				const stateVector = decoding.readVarUint8Array(decoder);
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, MessageType.Sync);
				syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
				this.#sendStored(peer, encoding.toUint8Array(encoder));
				return;
			}
			case syncProtocol.messageYjsSyncStep2:
			case syncProtocol.messageYjsUpdate: {
				const update = decoding.readVarUint8Array(decoder);
				if (peer.readOnly) return this.#ignoreWrite(peer, state);
				this.#apply(peer, update);
				return;
			}
			default:
				throw new FrameError(CloseCode.UnknownMessageType, `unknown sync message ${syncType}`);
		}
	}

	#apply(peer: Peer, update: Uint8Array) {
		const maxBytes = this.#options.maxBytes ?? Infinity;
		if (this.#bytes + update.byteLength > maxBytes) {
			throw new FrameError(CloseCode.DocumentFull, `document ${this.name} is full`);
		}
		// Decoding first rejects most garbage before anything touches the document.
		Y.decodeUpdate(update);
		this.#pending = [];
		let produced: Uint8Array[];
		try {
			Y.applyUpdate(this.doc, update, peer);
		} finally {
			produced = this.#pending;
			this.#pending = null;
		}
		for (const change of produced) this.#accept(change, peer);
	}

	#accept(update: Uint8Array, origin: unknown) {
		this.#bytes += update.byteLength;
		this.#options.persist(update);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.Sync);
		syncProtocol.writeUpdate(encoder, update);
		this.#broadcast(encoding.toUint8Array(encoder), origin);
	}

	/**
	 * Sends a message that tells a peer what the server has (its state vector, or its answer to
	 * the peer's) once everything the document held when it was written is stored: a client may
	 * take it as the confirmation that its changes are safe ([VD2]). Other messages may overtake
	 * it meanwhile; the sync protocol does not mind the order.
	 */
	#sendStored(peer: Peer, message: Uint8Array) {
		const stored = this.#options.whenStored?.();
		if (!stored) return peer.send(message);
		void stored.then(() => {
			if (this.#peers.has(peer)) peer.send(message);
		});
	}

	#broadcast(message: Uint8Array, except?: unknown) {
		for (const peer of this.#peers.keys()) {
			if (peer !== except) peer.send(message);
		}
	}

	#ignoreWrite(peer: Peer, state: PeerState) {
		state.ignoredWrites++;
		if (state.ignoredWrites > READ_ONLY_TOLERANCE.writes) {
			throw new FrameError(CloseCode.ReadOnlyViolation, 'read-only connection kept writing');
		}
	}

	#ignoreAwareness(peer: Peer, state: PeerState) {
		const now = Date.now();
		state.ignoredAwareness = state.ignoredAwareness.filter((t) => now - t < 60_000);
		state.ignoredAwareness.push(now);
		if (state.ignoredAwareness.length > READ_ONLY_TOLERANCE.awarenessPerMinute) {
			throw new FrameError(
				CloseCode.ReadOnlyViolation,
				'read-only connection kept sending presence'
			);
		}
	}

	destroy(): void {
		// Nobody is left to tell; a pending removal would keep the destroyed room in memory.
		for (const timer of this.#graceTimers) clearTimeout(timer);
		this.#graceTimers.clear();
		this.awareness.destroy();
		this.doc.destroy();
	}
}

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Queryable } from '../db/connection.ts';
import { liveSessions } from '../auth/sessions.ts';
import { databaseUnavailable } from '../db/outage.ts';
import { AccessCache } from './access-cache.ts';
import { CloseCode, CLOSE_REASONS, KEEPALIVE, KEEPALIVE_MS, MAX_FRAME_BYTES } from './protocol.ts';
import type { Peer, Room } from './room.ts';
import type { Rooms } from './rooms.ts';
import { revokes, type Revocation } from './revocation.ts';
import { authorizeUpgrade, type Grant } from './upgrade.ts';

export interface SyncServerOptions {
	db: Queryable & { readonly unreachable?: boolean };
	rooms: Rooms;
	origin?: string;
	/**
	 * Told when an authorised connection opens (before it joins its room; it may narrow the grant,
	 * e.g. to read-only while the session is locked) and after it closed: `closed` follows every
	 * `opened`, also when the upgrade then failed or the client was already gone.
	 */
	hooks?: {
		opened(grant: Grant): Promise<Grant>;
		closed(grant: Grant): Promise<void>;
	};
	log?: (message: string, details?: Record<string, unknown>) => void;
	/** See KEEPALIVE_MS; tests shorten it. */
	keepaliveMs?: number;
	/**
	 * How often the sessions behind open connections are checked: one that expired or was deleted
	 * (by any path, in any process) closes its connections with `AccessRevoked`.
	 */
	sessionCheckMs?: number;
	/**
	 * Set when several processes serve the same workshops (server/cluster): `passThrough` may
	 * take an upgrade first (resolving true) to hand it to the workshop's owner process, and
	 * `revoked` hears every revocation made here, to close the connections on every process.
	 */
	cluster?: {
		passThrough(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean>;
		revoked(revocation: Revocation): void;
	};
	/**
	 * How long an upgrade reuses the session and role a recent upgrade read ([TJ1]); 0 reads them
	 * for every upgrade.
	 */
	accessCacheMs?: number;
}

/** Long enough for the documents a page opens together, short beside sessionCheckMs. */
const ACCESS_CACHE_MS = 5_000;

interface Connection extends Peer {
	grant: Grant;
	/** When the server last sent this connection anything, and last heard from it (ms, monotonic). */
	lastSent: number;
	lastHeard: number;
	ping(): void;
	terminate(): void;
}

/**
 * The only module that touches sockets: authorises upgrades on /sync/*, then connects each
 * socket to its room as a Peer. Other upgrade paths (Vite's HMR) are left alone.
 */
export class SyncServer {
	readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
	readonly #connections = new Set<Connection>();
	/** Work started by closed connections (leaving rooms, hooks), awaited on shutdown. */
	readonly #leaving = new Set<Promise<unknown>>();
	readonly #options: SyncServerOptions;
	readonly #access: AccessCache;
	/** The keepalive round and the session check. */
	readonly #timers: NodeJS.Timeout[];

	constructor(options: SyncServerOptions) {
		this.#options = options;
		const {
			keepaliveMs = KEEPALIVE_MS,
			sessionCheckMs = 60_000,
			accessCacheMs = ACCESS_CACHE_MS
		} = options;
		this.#access = new AccessCache(accessCacheMs);
		this.#timers = [
			setInterval(() => this.#keepAlive(keepaliveMs), keepaliveMs),
			setInterval(() => void this.#checkSessions(), sessionCheckMs)
		];
		for (const timer of this.#timers) timer.unref();
	}

	attach(server: Server): void {
		server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
			if (!req.url?.startsWith('/sync/') && req.url !== '/sync') return;
			const { cluster } = this.#options;
			(async () => {
				if (cluster && (await cluster.passThrough(req, socket, head))) return;
				await this.handleUpgrade(req, socket, head);
			})().catch((error) => {
				// A database outage is logged by the database's breaker, not once per upgrade.
				const outage = databaseUnavailable(error);
				if (outage) return refuse(socket, 503, 'try again later', outage.retryAfterSeconds);
				this.#options.log?.('upgrade failed', { error: String(error) });
				refuse(socket, 500, 'internal error');
			});
		});
	}

	async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		const { db, rooms, origin, hooks } = this.#options;
		// While the database is down an upgrade is refused with 503 ([W5]), even one the access cache
		// could admit: the room it opens could not keep what is written in it.
		const access = db.unreachable ? undefined : this.#access;
		const decision = await authorizeUpgrade(db, req, { origin, access });
		if (!decision.ok) return refuse(socket, decision.status, decision.message);
		let grant = decision.grant;
		let room: Room;
		try {
			if (hooks) grant = await hooks.opened(grant);
			room = await rooms.acquire(grant.document);
		} catch (error) {
			this.#settle(hooks?.closed(grant));
			throw error;
		}
		// ws calls back synchronously or never: not when the client hung up while the session was
		// checked and the room loaded, nor when the handshake is malformed. Whatever was taken for
		// this connection is given back on every path without a socket ([S1]).
		let connected = false;
		try {
			this.#wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
				connected = true;
				this.#connect(ws, grant, room);
			});
		} finally {
			if (!connected) this.#settle(rooms.release(room), hooks?.closed(grant));
		}
	}

	#connect(ws: WebSocket, grant: Grant, room: Room) {
		const { rooms, log, hooks } = this.#options;
		/** The code this server closed the socket with, if it closed it first. */
		let closedWith: number | undefined;
		const connection: Connection = {
			grant,
			readOnly: grant.readOnly,
			presence: grant.presence,
			lastSent: performance.now(),
			lastHeard: performance.now(),
			send(message) {
				if (ws.readyState !== ws.OPEN) return;
				ws.send(message);
				connection.lastSent = performance.now();
			},
			close(code, reason) {
				if (ws.readyState === ws.OPEN) closedWith = code;
				ws.close(code, reason || CLOSE_REASONS[code]);
			},
			ping() {
				ws.ping();
			},
			terminate() {
				ws.terminate();
			}
		};
		this.#connections.add(connection);
		room.join(connection);
		ws.on('message', (data: Buffer, isBinary: boolean) => {
			connection.lastHeard = performance.now();
			// Once the server closed a connection (access revoked, a session ended) nothing it
			// still sends counts, however soon after.
			if (closedWith !== undefined) return;
			if (!isBinary) {
				connection.close(CloseCode.MalformedFrame, 'text frames are not part of the protocol');
				return;
			}
			room.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		});
		ws.on('pong', () => (connection.lastHeard = performance.now()));
		ws.on('error', (error) => {
			log?.('socket error', { room: room.name, error: String(error) });
		});
		ws.on('close', (code: number) => {
			if (code === CloseCode.FrameTooLarge) {
				log?.('closed connection after an oversized frame', { room: room.name });
			}
			this.#connections.delete(connection);
			room.leave(connection, closedWith);
			this.#settle(rooms.release(room), hooks?.closed(grant));
		});
	}

	/** Keeps work started for a connection that is gone (leaving rooms, hooks) until shutdown. */
	#settle(...work: (Promise<unknown> | undefined)[]) {
		const leaving = Promise.allSettled(work);
		this.#leaving.add(leaving);
		void leaving.then(() => this.#leaving.delete(leaving));
	}

	#keepAlive(intervalMs: number) {
		const now = performance.now();
		for (const connection of this.#connections) {
			if (now - connection.lastHeard > 3 * intervalMs) {
				connection.terminate();
				continue;
			}
			connection.ping();
			if (now - connection.lastSent >= intervalMs) connection.send(KEEPALIVE);
		}
	}

	async #checkSessions() {
		const sessions = new Set<string>();
		for (const { grant } of this.#connections) if (grant.sessionId) sessions.add(grant.sessionId);
		if (sessions.size === 0) return;
		try {
			const live = await liveSessions(this.#options.db, [...sessions]);
			// Each process checks its own connections: nothing to tell the others.
			for (const id of sessions) {
				if (!live.has(id)) this.disconnect((g) => g.sessionId === id, CloseCode.AccessRevoked);
			}
		} catch (error) {
			this.#options.log?.('could not check sessions', { error: String(error) });
		}
	}

	/** Closes every connection opened with a session that has ended (logout, expiry, deletion). */
	endSession(sessionId: string): number {
		this.#access.forgetSession(sessionId);
		return this.revoke({ sessionId, code: CloseCode.AccessRevoked });
	}

	/** Closes the connections a change of access revoked, here and on every other process. */
	revoke(revocation: Revocation): number {
		this.#options.cluster?.revoked(revocation);
		return this.disconnect((grant) => revokes(revocation, grant), revocation.code);
	}

	/** Closes the open connections of a user to a workshop, e.g. when they are removed. */
	disconnect(match: (grant: Grant) => boolean, code: number = CloseCode.AccessRevoked): number {
		// Whatever changed for these connections may change the next upgrade too.
		this.#access.forgetAll();
		let closed = 0;
		for (const connection of this.#connections) {
			if (match(connection.grant)) {
				connection.close(code, CLOSE_REASONS[code]);
				closed++;
			}
		}
		return closed;
	}

	/** The people (not share links) with a connection open to a workshop now. */
	connectedUsers(workshopId: string): Set<string> {
		const users = new Set<string>();
		for (const { grant } of this.#connections) {
			if (grant.workshopId === workshopId && !grant.shareLinkId) users.add(grant.userId);
		}
		return users;
	}

	get connectionCount(): number {
		return this.#connections.size;
	}

	/**
	 * Closes every connection (going away), giving each a moment for the closing handshake before
	 * cutting it, so that every room has been left when this resolves.
	 */
	async close(graceMs = 1000): Promise<void> {
		for (const timer of this.#timers) clearInterval(timer);
		const sockets = [...this.#wss.clients];
		const closed = sockets.map((ws) => new Promise((resolve) => ws.once('close', resolve)));
		for (const ws of sockets) ws.close(CloseCode.GoingAway, CLOSE_REASONS[CloseCode.GoingAway]);
		const cut = setTimeout(() => sockets.forEach((ws) => ws.terminate()), graceMs);
		await Promise.all(closed);
		clearTimeout(cut);
		await Promise.all(this.#leaving);
		this.#wss.close();
	}
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	503: 'Service Unavailable'
};

function refuse(socket: Duplex, status: number, message: string, retryAfterSeconds?: number) {
	const retry = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
	socket.end(
		`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\n${retry}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`
	);
}

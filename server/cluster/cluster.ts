import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { Redis } from 'ioredis';
import type { Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { parseDocumentName, parseSyncPath } from '../sync/documents.ts';
import type { Fence } from '../sync/persistence.ts';
import type { Revocation } from '../sync/revocation.ts';
import type { ClusterConfig } from './config.ts';
import { findShareLink } from '../db/share-links.ts';
import { metrics } from '../ops/metrics.ts';
import { AppError } from '../errors.ts';
import { refuseBusy, relayRequest, relayUpgrade, RELAYED_HEADER } from './relay.ts';

/**
 * Thrown when a room of a workshop another process owns was asked for here (a path the
 * pass-through does not route): the API answers 503 with Retry-After, as while it changes owner.
 */
export class NotOwnerError extends AppError {
	constructor(readonly workshopId: string) {
		super(
			'unavailable',
			'This workshop is served by another server just now; try again',
			undefined,
			1
		);
	}
}

/** Extends the lease only while it is still this process's ([SX1]). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then
	return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Gives the lease up only while it is still this process's. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
	return redis.call('del', KEYS[1]) else return 0 end`;

type Log = (message: string, details?: Record<string, unknown>) => void;

function workshopOf(document: string): string {
	return parseDocumentName(document)?.workshopId ?? document;
}

/**
 * This process's part in a cluster of identical processes sharing one PostgreSQL database and
 * one Redis (docs/deploy.md). Each workshop has one owner at a time: the process holding its
 * lease (`<prefix>:owner:<workshopId>`, renewed every third of its length) with an epoch
 * (`INCR <prefix>:epoch:<workshopId>`) that it claims in `workshop_epochs` before loading
 * anything. The owner alone holds the workshop's rooms; every other process passes the
 * workshop's WebSocket upgrades through to it, at the address it registered under
 * `<prefix>:process:<id>`. Revocations travel on `<prefix>:signals` to every process.
 */
export class Cluster implements Fence {
	readonly processId = randomUUID();
	readonly #config: ClusterConfig;
	readonly #db: Queryable;
	readonly #log: Log;
	readonly #redis: Redis;
	readonly #subscriber: Redis;
	#address: string | undefined;
	/** Workshops this process owns, with the epoch it owns each with. */
	readonly #owned = new Map<string, number>();
	/** Rooms of each workshop in memory here (claimed and not yet unclaimed). */
	readonly #rooms = new Map<string, number>();
	readonly #acquiring = new Map<string, Promise<boolean>>();
	/** Owned workshops without rooms, given up unless a room loads before the timer fires. */
	readonly #lingering = new Map<string, NodeJS.Timeout>();
	/**
	 * Workshops this process lost while some of their rooms were still in memory: it does not
	 * take them again until those left, so that it never serves a stale room.
	 */
	readonly #leftovers = new Set<string>();
	#leaving = false;
	#renewing: NodeJS.Timeout | undefined;
	/** The failing Redis calls in a row, to log an outage once rather than every renewal. */
	#redisFailures = 0;
	/** Told when this process lost a workshop: its connections must close ([SX3]). */
	onLost: (workshopId: string) => void = () => {};
	/** Told of a revocation made on another process ([SX5]). */
	onRevocation: (revocation: Revocation) => void = () => {};

	constructor(config: ClusterConfig, db: Queryable, log: Log) {
		this.#config = config;
		this.#db = db;
		this.#log = log;
		const options = {
			// A call waits at most a third of a lease, so that a renewal cannot outlive its lease.
			commandTimeout: Math.max(200, Math.floor(config.leaseMs / 3)),
			maxRetriesPerRequest: 1
		};
		this.#redis = new Redis(config.redisUrl, options);
		this.#subscriber = new Redis(config.redisUrl, { ...options, commandTimeout: undefined });
		this.#redis.on('error', (error) => this.#redisFailed(error));
		this.#subscriber.on('error', () => {});
		this.#subscriber.on('message', (_channel: string, message: string) => {
			try {
				const signal = JSON.parse(message) as { from: string; revocation: Revocation };
				if (signal.from !== this.processId) this.onRevocation(signal.revocation);
			} catch (error) {
				this.#log('unreadable cluster signal', { error: String(error) });
			}
		});
		void this.#subscriber.subscribe(this.#key('signals')).catch((error) => {
			this.#log('could not subscribe to cluster signals', { error: String(error) });
		});
	}

	#key(kind: string, id?: string): string {
		return id === undefined
			? `${this.#config.prefix}:${kind}`
			: `${this.#config.prefix}:${kind}:${id}`;
	}

	#redisFailed(error: unknown) {
		metrics.redisErrors.inc();
		if (this.#redisFailures++ === 0) this.#log('redis unreachable', { error: String(error) });
	}

	#redisWorked() {
		if (this.#redisFailures > 0)
			this.#log('redis reachable again', { failures: this.#redisFailures });
		this.#redisFailures = 0;
	}

	/** Whether Redis answers now (for the readiness probe). */
	redisHealthy(): boolean {
		return this.#redis.status === 'ready' && this.#redisFailures === 0;
	}

	/** Where this process listens: registers it, and starts renewing leases. */
	async start(host: string, port: number): Promise<void> {
		this.#address = `${advertisedHost(this.#config.host ?? host)}:${port}`;
		this.#renewing = setInterval(() => void this.#renew(), Math.floor(this.#config.leaseMs / 3));
		this.#renewing.unref();
		await this.#register();
		this.#log('joined the cluster', { processId: this.processId, address: this.#address });
	}

	async #register() {
		if (!this.#address) return;
		// Outlives the leases it serves by a little: a lease never points at an unregistered process.
		await this.#redis.set(
			this.#key('process', this.processId),
			this.#address,
			'PX',
			2 * this.#config.leaseMs
		);
	}

	/** The workshops this process owns, for logs and the metrics. */
	get owned(): ReadonlyMap<string, number> {
		return this.#owned;
	}

	epochOf(workshopId: string): number | undefined {
		return this.#owned.get(workshopId);
	}

	refused(workshopId: string): void {
		this.#lose(workshopId, 'the database refused its epoch');
	}

	/** Which process owns a workshop now (its id and address), as seen in Redis. */
	async ownerOf(workshopId: string): Promise<{ processId: string; address: string } | null> {
		const id = await this.#redis.get(this.#key('owner', workshopId));
		if (!id) return null;
		const address = await this.#redis.get(this.#key('process', id));
		return address ? { processId: id, address } : null;
	}

	/**
	 * The entry of every sync upgrade ([SX2]): true when it was handled here (passed through to
	 * the owner, or refused while the workshop changes owner), false when this process owns the
	 * workshop and serves the upgrade itself.
	 */
	async passThrough(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
		const address = parseSyncPath(new URL(req.url ?? '/', 'http://localhost').pathname);
		if (!address) return false;
		const { workshopId } = address;
		if (this.#owned.has(workshopId) || (await this.#acquire(workshopId))) return false;
		const owner =
			this.#leaving || req.headers[RELAYED_HEADER] ? null : await this.ownerOf(workshopId);
		if (!owner || owner.processId === this.processId) {
			refuseBusy(socket);
			return true;
		}
		relayUpgrade(req, socket, head, owner.address, this.processId);
		return true;
	}

	/**
	 * The entry of every HTTP request ([SX6]): one about a workshop that another process owns
	 * (the workshop's API, its page, its executive page and event stream) is passed through to
	 * the owner, which holds its rooms, and true is returned. Everything else, and a workshop
	 * nobody owns now, is served here (false).
	 */
	async passThroughHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		if (req.headers[RELAYED_HEADER] || this.#leaving) return false;
		try {
			const workshopId = await this.#workshopOfRequest(req.url ?? '/');
			if (!workshopId || this.#owned.has(workshopId)) return false;
			const owner = await this.ownerOf(workshopId);
			if (!owner || owner.processId === this.processId) return false;
			relayRequest(req, res, owner.address, this.processId);
			return true;
		} catch (error) {
			this.#log('could not find the owner of a request', { error: String(error) });
			return false;
		}
	}

	async #workshopOfRequest(url: string): Promise<string | null> {
		const path = url.split('?', 1)[0];
		const direct = /^\/(?:api\/v1\/workshops|w)\/([a-z2-7]{16})(?:\/|$)/.exec(path);
		if (direct) return direct[1];
		const shared = /^\/x\/([^/]+)(?:\/|$)/.exec(path);
		if (!shared) return null;
		const found = await findShareLink(this.#db, decodeURIComponent(shared[1]));
		return found.ok ? found.link.workshopId : null;
	}

	/** Rooms' `ownership.claim`: makes this process the owner, or throws NotOwnerError. */
	async claim(name: string): Promise<void> {
		const workshopId = workshopOf(name);
		this.#rooms.set(workshopId, (this.#rooms.get(workshopId) ?? 0) + 1);
		this.#stopLingering(workshopId);
		if (this.#owned.has(workshopId)) return;
		let owner = false;
		try {
			owner = await this.#acquire(workshopId);
		} finally {
			if (!owner) this.unclaim(name);
		}
		if (!owner) throw new NotOwnerError(workshopId);
	}

	unclaim(name: string): void {
		const workshopId = workshopOf(name);
		const left = (this.#rooms.get(workshopId) ?? 1) - 1;
		if (left > 0) {
			this.#rooms.set(workshopId, left);
			return;
		}
		this.#rooms.delete(workshopId);
		this.#leftovers.delete(workshopId);
		if (this.#owned.has(workshopId)) this.#linger(workshopId);
	}

	#acquire(workshopId: string): Promise<boolean> {
		let acquiring = this.#acquiring.get(workshopId);
		if (!acquiring) {
			acquiring = this.#tryAcquire(workshopId).finally(() => this.#acquiring.delete(workshopId));
			this.#acquiring.set(workshopId, acquiring);
		}
		return acquiring;
	}

	async #tryAcquire(workshopId: string): Promise<boolean> {
		if (this.#owned.has(workshopId)) return true;
		if (this.#leaving || !this.#address || this.#leftovers.has(workshopId)) return false;
		const key = this.#key('owner', workshopId);
		const taken = await this.#redis.set(key, this.processId, 'PX', this.#config.leaseMs, 'NX');
		if (taken !== 'OK') return false;
		try {
			const epoch = await this.#claimEpoch(workshopId);
			if (epoch === null) {
				await this.#redis.eval(RELEASE, 1, key, this.processId);
				return false;
			}
			this.#owned.set(workshopId, epoch);
			metrics.ownedWorkshops.set(this.#owned.size);
			this.#log('owns workshop', { workshopId, epoch, processId: this.processId });
			// Nobody may connect after all (refused upgrade): then it is given up again.
			this.#linger(workshopId);
			return true;
		} catch (error) {
			await this.#redis.eval(RELEASE, 1, key, this.processId).catch(() => {});
			throw error;
		}
	}

	/**
	 * Takes the next epoch and records it as the workshop's current one ([SX3]). The update waits
	 * for the share locks of the old owner's writes in flight; once it commits, none of the old
	 * owner's can. When Redis forgot its counter (restarted without persistence) and hands out an
	 * epoch the database already passed, the counter moves above the database's first.
	 */
	async #claimEpoch(workshopId: string): Promise<number | null> {
		const key = this.#key('epoch', workshopId);
		for (let attempt = 0; attempt < 2; attempt++) {
			const epoch = await this.#redis.incr(key);
			const claimed = await this.#db.query(sql`
				insert into workshop_epochs (workshop_id, epoch) values (${workshopId}, ${epoch})
				on conflict (workshop_id) do update set epoch = excluded.epoch, claimed_at = now()
				where workshop_epochs.epoch < excluded.epoch
				returning epoch`);
			if (claimed.length > 0) return epoch;
			const [current] = await this.#db.query<{ epoch: string }>(
				sql`select epoch::text as epoch from workshop_epochs where workshop_id = ${workshopId}`
			);
			await this.#redis.set(key, current.epoch);
		}
		return null;
	}

	#linger(workshopId: string) {
		this.#stopLingering(workshopId);
		if (this.#rooms.has(workshopId)) return;
		if (this.#leaving) return void this.#release(workshopId);
		const timer = setTimeout(() => {
			this.#lingering.delete(workshopId);
			if (!this.#rooms.has(workshopId)) void this.#release(workshopId);
		}, this.#config.leaseMs);
		timer.unref();
		this.#lingering.set(workshopId, timer);
	}

	#stopLingering(workshopId: string) {
		clearTimeout(this.#lingering.get(workshopId));
		this.#lingering.delete(workshopId);
	}

	async #release(workshopId: string): Promise<void> {
		if (!this.#owned.delete(workshopId)) return;
		metrics.ownedWorkshops.set(this.#owned.size);
		try {
			await this.#redis.eval(RELEASE, 1, this.#key('owner', workshopId), this.processId);
			this.#log('gave up workshop', { workshopId, processId: this.processId });
		} catch (error) {
			// The lease expires by itself.
			this.#log('could not release a lease', { workshopId, error: String(error) });
		}
	}

	#lose(workshopId: string, reason: string) {
		if (!this.#owned.delete(workshopId)) return;
		metrics.ownedWorkshops.set(this.#owned.size);
		this.#stopLingering(workshopId);
		if (this.#rooms.has(workshopId)) this.#leftovers.add(workshopId);
		this.#log('lost workshop', { workshopId, reason, processId: this.processId });
		this.onLost(workshopId);
	}

	async #renew() {
		try {
			await this.#register();
			const owned = [...this.#owned.keys()];
			const kept = await Promise.all(
				owned.map((id) =>
					this.#redis.eval(RENEW, 1, this.#key('owner', id), this.processId, this.#config.leaseMs)
				)
			);
			this.#redisWorked();
			owned.forEach((id, i) => {
				if (kept[i] !== 1) this.#lose(id, 'its lease expired or was taken over');
			});
		} catch (error) {
			// Nobody can take a lease from a Redis that is down; the database's fence guards the
			// case where one comes back empty.
			this.#redisFailed(error);
		}
	}

	/** Publishes a revocation made here to the other processes ([SX5]). */
	revoked(revocation: Revocation): void {
		const signal = JSON.stringify({ from: this.processId, revocation });
		this.#redis.publish(this.#key('signals'), signal).catch((error) => {
			this.#log('could not publish a revocation', { error: String(error) });
		});
	}

	/**
	 * A clean stop begins ([SX4]): no workshop is taken any more, and each one's lease is given up
	 * as soon as its rooms left memory (after their writes), not after it expired.
	 */
	leave(): void {
		this.#leaving = true;
		for (const workshopId of this.#owned.keys()) this.#linger(workshopId);
	}

	/** Gives up every lease left and the registration, and disconnects from Redis. */
	async close(): Promise<void> {
		this.leave();
		clearInterval(this.#renewing);
		for (const timer of this.#lingering.values()) clearTimeout(timer);
		this.#lingering.clear();
		await Promise.allSettled([...this.#owned.keys()].map((id) => this.#release(id)));
		await this.#redis.del(this.#key('process', this.processId)).catch(() => {});
		this.#subscriber.disconnect();
		await this.#redis.quit().catch(() => this.#redis.disconnect());
	}
}

/** A host the other processes can reach: not the wildcard a server may listen on. */
function advertisedHost(host: string): string {
	if (host !== '0.0.0.0' && host !== '::' && host !== '') {
		return host.includes(':') ? `[${host}]` : host;
	}
	for (const addresses of Object.values(networkInterfaces())) {
		for (const address of addresses ?? []) {
			if (address.family === 'IPv4' && !address.internal) return address.address;
		}
	}
	return '127.0.0.1';
}

import type { Server } from 'node:http';
import { invalidateSession } from './auth/sessions.ts';
import { Cluster } from './cluster/cluster.ts';
import { LoginThrottle, Throttle } from './auth/throttle.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrate, schemaVersion } from './db/migrate.ts';
import { DeliveryLoop } from './delivery/loop.ts';
import { createMailer } from './delivery/mailer.ts';
import { BoardIntake } from './feedback/board-intake.ts';
import { createPortalThrottles, type PortalThrottles } from './feedback/portal.ts';
import { createDocumentStore, type DocumentStore } from './sync/persistence.ts';
import { Rooms } from './sync/rooms.ts';
import { PHASE_LABELS } from '../src/lib/model/session.ts';
import { heldBack } from './sync/documents.ts';
import { CloseCode } from './sync/protocol.ts';
import { revokes } from './sync/revocation.ts';
import { SyncServer } from './sync/socket-server.ts';
import type { Grant } from './sync/upgrade.ts';
import { createTallyDerivation } from '../src/lib/model/tally-derivation.ts';
import { snapshotVersion } from './versions.ts';
import { LiveWorkshops } from './voting/live-workshops.ts';
import { log as processLog } from './ops/log.ts';
import { Readiness } from './ops/readiness.ts';
import type { Services } from './services.ts';

export type Log = (message: string, details?: Record<string, unknown>) => void;

/** Everything a running Converge process shares between its pages, its API and its sync server. */
export interface App extends Services {
	config: Config;
	store: DocumentStore;
	throttles: {
		login: LoginThrottle;
		signupByIp: Throttle;
		/** New guest accounts through invite links, per address and per link ([U3]). */
		guestJoinByAddress: Throttle;
		guestJoinByInvite: Throttle;
		/** The public feedback portal and widget (server/feedback/portal.ts). */
		portal: PortalThrottles;
	};
	log: Log;
	/** Ends a session (sign-out): it no longer signs anyone in, and its sync connections close. */
	endSession(sessionId: string): Promise<void>;
	/** Sends the outbox's emails and webhooks (server/delivery); wake it after queueing. */
	delivery: DeliveryLoop;
	/**
	 * What `/readyz` answers (server/ops/http.ts): the database check is built in; add others with
	 * `readiness.add(name, check)`, and `readiness.drain()` before handing workshops over.
	 */
	readiness: Readiness;
	/**
	 * This process's part in a cluster (REDIS_URL with DATABASE_URL; server/cluster), or
	 * undefined in single-process mode.
	 */
	cluster?: Cluster;
	/** Attaches the sync server to an HTTP server's upgrade event. */
	attach(server: Server): void;
	/** Closes connections, writes what is pending, closes the database. */
	shutdown(): Promise<void>;
}

export async function createApp(config: Config, log: Log = processLog): Promise<App> {
	const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, log });
	let version: number;
	try {
		const applied = await migrate(db, config.migrationsDir);
		if (applied.length > 0) log('applied migrations', { versions: applied });
		version = await schemaVersion(db);
	} catch (error) {
		await db.close();
		throw error;
	}
	// PGlite is one process: a cluster needs PostgreSQL.
	if (config.cluster && !config.databaseUrl) {
		log('REDIS_URL is ignored without DATABASE_URL: embedded PGlite runs one process');
	}
	const cluster =
		config.cluster && config.databaseUrl ? new Cluster(config.cluster, db, log) : undefined;
	const store = createDocumentStore(db, {
		commitIntervalMs: config.commitIntervalMs,
		log,
		fence: cluster
	});
	const readiness = new Readiness();
	// One cheap query says both that the database answers and that its schema is this process's.
	readiness.add('database', async () => {
		if ((await schemaVersion(db)) < version) throw new Error('migrations are missing');
	});
	if (cluster) {
		readiness.add('redis', async () => {
			if (!cluster.redisHealthy()) throw new Error('Redis does not answer');
		});
	}
	// rooms, live and sync call each other; the callbacks run only once all three exist.
	const rooms = new Rooms({
		store,
		log,
		maxDocumentBytes: config.maxDocumentBytes ?? 32 * 1024 * 1024,
		presenceGraceMs: config.presenceGraceMs,
		ownership: cluster,
		onChange: (name, update) => {
			live.changed(name, update);
			intake.changed(name);
		}
	});
	// Ideas added in the room of a product's workshop land in its backlog (docs/feedback.md).
	const intake = new BoardIntake({ db, rooms, log });
	const live: LiveWorkshops = new LiveWorkshops({
		db,
		rooms,
		whenCommitted: () => store.whenCommitted(),
		derivation: createTallyDerivation,
		log,
		// Permissions are decided at connect time, so a phase change or a lock reconnects the
		// participants whose permissions it changed.
		onGateChange: (workshopId, gate) => {
			sync.disconnect(
				(g) =>
					g.workshopId === workshopId &&
					g.role === 'participant' &&
					(g.address.kind === 'board' || g.address.kind === 'ballot') &&
					g.readOnly !== heldBack(g.address, g.role, gate),
				CloseCode.PermissionsChanged
			);
		},
		onPhaseChange: (workshopId, gate) => {
			snapshotVersion(db, rooms, {
				workshopId,
				name: `Start of ${PHASE_LABELS[gate.phase]}`,
				kind: 'phase',
				createdBy: null
			}).catch((error) =>
				log('could not save the phase version', { workshopId, error: String(error) })
			);
		}
	});
	/** The connections `live` counts: `closed` follows also an `opened` that failed. */
	const counted = new WeakSet<Grant>();
	const sync: SyncServer = new SyncServer({
		db,
		rooms,
		origin: config.origin,
		log,
		keepaliveMs: config.keepaliveMs,
		sessionCheckMs: config.sessionCheckMs,
		cluster: cluster && {
			passThrough: (req, socket, head) => cluster.passThrough(req, socket, head),
			revoked: (revocation) => cluster.revoked(revocation)
		},
		accessCacheMs: config.accessCacheMs,
		hooks: {
			async opened(grant) {
				await live.connected(grant.workshopId, grant.userId);
				const gate = live.gate(grant.workshopId);
				const opened =
					gate && heldBack(grant.address, grant.role, gate) ? { ...grant, readOnly: true } : grant;
				counted.add(opened);
				return opened;
			},
			// A connection whose workshop could not be loaded was never counted.
			closed: async (grant) => {
				if (counted.delete(grant)) await live.disconnected(grant.workshopId);
			}
		}
	});
	if (cluster) {
		// Another process owns the workshop now: its clients reconnect and reach the new owner.
		cluster.onLost = (workshopId) =>
			sync.disconnect((grant) => grant.workshopId === workshopId, CloseCode.GoingAway);
		cluster.onRevocation = (revocation) =>
			sync.disconnect((grant) => revokes(revocation, grant), revocation.code);
	}
	const delivery = new DeliveryLoop({
		db,
		mailer: createMailer(config.smtpUrl, config.mailFrom),
		log,
		origin: config.origin ?? `http://${config.host}:${config.port}`,
		allowPrivate: config.webhookAllowPrivate,
		backoffMs: config.deliveryBackoffMs,
		pollMs: config.deliveryPollMs,
		retryWindowMs: config.webhookRetryWindowMs
	});
	delivery.start();
	let closing: Promise<void> | undefined;
	return {
		config,
		db,
		store,
		rooms,
		sync,
		live,
		throttles: {
			login: new LoginThrottle(),
			signupByIp: new Throttle(config.signupsPerAddress, 60 * 60_000),
			// A room of 40 behind one office address joins within minutes; a leaked link does not
			// mint a hundred accounts a second.
			guestJoinByAddress: new Throttle(config.guestJoinsPerAddress, 10 * 60_000),
			guestJoinByInvite: new Throttle(60, 60_000),
			portal: createPortalThrottles()
		},
		log,
		async endSession(sessionId) {
			await invalidateSession(db, sessionId);
			sync.endSession(sessionId);
		},
		delivery,
		readiness,
		cluster,
		attach(server) {
			sync.attach(server);
			if (cluster) {
				server.once('listening', () => {
					const address = server.address();
					if (!address || typeof address !== 'object') return;
					cluster.start(address.address, address.port).catch((error) => {
						log('could not register in the cluster', { error: String(error) });
					});
				});
			}
			// Without ORIGIN, links in emails name this server's own address, known once it listens.
			if (config.origin) return;
			server.once('listening', () => {
				const address = server.address();
				if (address && typeof address === 'object') {
					delivery.origin = `http://${config.host}:${address.port}`;
				}
			});
		},
		shutdown() {
			readiness.drain();
			closing ??= (async () => {
				// Leaving: each workshop's lease goes as soon as its rooms are written and unloaded.
				cluster?.leave();
				await intake.close();
				await delivery.stop();
				await sync.close();
				await store.close();
				await cluster?.close();
				await db.close();
			})();
			return closing;
		}
	};
}

const KEY = Symbol.for('converge.app');
type Holder = { [KEY]?: Promise<App> };

/**
 * The process's one App. The production entry, the dev server plugin and SvelteKit's server code
 * are bundled separately, so the instance lives on globalThis where all of them find it (PGlite
 * must also be opened once per process).
 */
export function processApp(create: () => Promise<App>): Promise<App> {
	const holder = globalThis as Holder;
	holder[KEY] ??= create();
	return holder[KEY];
}

export function forgetProcessApp(): void {
	delete (globalThis as Holder)[KEY];
}

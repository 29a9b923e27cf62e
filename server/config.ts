import { readClusterConfig, type ClusterConfig } from './cluster/config.ts';

/** The environment, parsed once. */
export interface Config {
	/** postgres:// URL; PGlite in `dataDir` when absent. */
	databaseUrl?: string;
	dataDir: string;
	port: number;
	host: string;
	/** The public origin (https://converge.example.com) when behind a proxy. */
	origin?: string;
	/** Sites that may frame the executive page (`EMBED_ORIGINS`); every other page refuses framing. */
	embedOrigins: string[];
	commitIntervalMs: number;
	/** How long presence outlives a connection closed for new permissions ([A3]); tests shorten it. */
	presenceGraceMs?: number;
	migrationsDir: string;
	/** How often idle sync connections hear from the server (SPEC [S5]); tests shorten it. */
	keepaliveMs?: number;
	/** The most a document may hold (SPEC [B4]; 32 MiB when unset); tests lower it. */
	maxDocumentBytes?: number;
	/** How often the sessions behind open sync connections are checked (SPEC [S2]). */
	sessionCheckMs?: number;
	/** How long upgrades reuse the session and role a recent upgrade read (SPEC [TJ1]). */
	accessCacheMs?: number;
	/** Outgoing mail (server/delivery): smtp(s):// URL; unset keeps mail on the Sent mail page. */
	smtpUrl?: string;
	mailFrom: string;
	/** Lets webhooks reach loopback and private addresses (tests, a private network). */
	webhookAllowPrivate: boolean;
	/** The first retry's delay; each next one doubles, with jitter (tests shorten it). */
	deliveryBackoffMs: number;
	/** How often the delivery loop looks for due messages when nothing wakes it. */
	deliveryPollMs: number;
	/** How long a failing webhook is retried, and its endpoint may fail before it is disabled. */
	webhookRetryWindowMs: number;
	/** The bearer token /metrics asks for (`METRICS_TOKEN`); unset, it answers loopback only. */
	metricsToken?: string;
	/**
	 * Sign-ups an address may make in an hour, and guest joins in ten minutes
	 * (`SIGNUPS_PER_ADDRESS`, `GUEST_JOINS_PER_ADDRESS`; 60 each). An office behind one address,
	 * or a test suite, may need more.
	 */
	signupsPerAddress: number;
	guestJoinsPerAddress: number;
	/**
	 * Several processes serving the same workshops (`REDIS_URL`, with `DATABASE_URL`; see
	 * server/cluster and docs/deploy.md); unset runs one process as before.
	 */
	cluster?: ClusterConfig;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
	}
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: env.DATA_DIR || './data',
		port,
		host: env.HOST || '127.0.0.1',
		origin: env.ORIGIN || undefined,
		embedOrigins: parseOrigins(env.EMBED_ORIGINS),
		commitIntervalMs: Number(env.COMMIT_INTERVAL_MS ?? 0),
		migrationsDir: env.MIGRATIONS_DIR || 'migrations',
		keepaliveMs: env.SYNC_KEEPALIVE_MS ? Number(env.SYNC_KEEPALIVE_MS) : undefined,
		smtpUrl: env.SMTP_URL || undefined,
		mailFrom: env.MAIL_FROM || 'Converge <converge@localhost>',
		webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE === '1',
		deliveryBackoffMs: Number(env.DELIVERY_BACKOFF_MS ?? 30_000),
		deliveryPollMs: Number(env.DELIVERY_POLL_MS ?? 1000),
		webhookRetryWindowMs: Number(env.WEBHOOK_RETRY_WINDOW_MS ?? 24 * 60 * 60_000),
		metricsToken: env.METRICS_TOKEN || undefined,
		signupsPerAddress: Number(env.SIGNUPS_PER_ADDRESS ?? 60),
		guestJoinsPerAddress: Number(env.GUEST_JOINS_PER_ADDRESS ?? 60),
		cluster: readClusterConfig(env)
	};
}

/** A space- or comma-separated list of origins such as `https://wiki.example.com`. */
function parseOrigins(value: string | undefined): string[] {
	const origins = (value ?? '').split(/[\s,]+/).filter(Boolean);
	for (const origin of origins) {
		let parsed: URL | undefined;
		try {
			parsed = new URL(origin);
		} catch {
			// reported below
		}
		if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
			throw new Error(
				`EMBED_ORIGINS must list origins like https://wiki.example.com, got ${origin}`
			);
		}
	}
	return origins;
}

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
	/** How often the sessions behind open sync connections are checked (SPEC [S2]). */
	sessionCheckMs?: number;
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
		keepaliveMs: env.SYNC_KEEPALIVE_MS ? Number(env.SYNC_KEEPALIVE_MS) : undefined
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

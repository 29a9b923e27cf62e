/** The environment, parsed once. */
export interface Config {
	/** postgres:// URL; PGlite in `dataDir` when absent. */
	databaseUrl?: string;
	dataDir: string;
	port: number;
	host: string;
	/** The public origin (https://converge.example.com) when behind a proxy. */
	origin?: string;
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
		commitIntervalMs: Number(env.COMMIT_INTERVAL_MS ?? 50),
		migrationsDir: env.MIGRATIONS_DIR || 'migrations',
		keepaliveMs: env.SYNC_KEEPALIVE_MS ? Number(env.SYNC_KEEPALIVE_MS) : undefined
	};
}

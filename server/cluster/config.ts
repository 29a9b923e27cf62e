/** How a process finds the others: set when REDIS_URL (and DATABASE_URL) are. */
export interface ClusterConfig {
	redisUrl: string;
	/** Prefix of every key and channel (`REDIS_PREFIX`), so deployments can share one Redis. */
	prefix: string;
	/** How long a workshop's lease lasts without renewal (`CLUSTER_LEASE_MS`, 5 s). */
	leaseMs: number;
	/**
	 * The host the other processes reach this one at (`CLUSTER_HOST`); by default the host it
	 * listens on, or its first non-internal IPv4 address when it listens on every interface.
	 */
	host?: string;
}

export function readClusterConfig(env: NodeJS.ProcessEnv): ClusterConfig | undefined {
	if (!env.REDIS_URL) return undefined;
	const leaseMs = Number(env.CLUSTER_LEASE_MS ?? 5000);
	if (!Number.isFinite(leaseMs) || leaseMs < 300) {
		throw new Error(`CLUSTER_LEASE_MS must be at least 300, got ${env.CLUSTER_LEASE_MS}`);
	}
	return {
		redisUrl: env.REDIS_URL,
		prefix: env.REDIS_PREFIX || 'converge',
		leaseMs,
		host: env.CLUSTER_HOST || undefined
	};
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { connectClient } from './clients.ts';
import { freshDatabase, type FreshDatabase } from './databases.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
	const probe = new Redis(REDIS_URL, {
		lazyConnect: true,
		connectTimeout: 1000,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null
	});
	probe.on('error', () => {});
	try {
		await probe.connect();
		return (await probe.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
}

/** Why the multi-process tests cannot run here, or null when they can. */
export const clusterUnavailable: string | null = !process.env.DATABASE_URL
	? 'cluster tests need PostgreSQL: set DATABASE_URL'
	: !(await redisAnswers())
		? `cluster tests need Redis at ${REDIS_URL} (set REDIS_URL)`
		: null;

export interface Seed {
	cookie: string;
	workshopId: string;
	userId: string;
	voters: { id: string; cookie: string }[];
}

export interface TestCluster {
	processes: ServerProcess[];
	seed: Seed;
	prefix: string;
	redis: Redis;
	start(extra?: Record<string, string>): Promise<ServerProcess>;
	/** A stock y-websocket client on a document of the seeded workshop ('' is the board). */
	connect(on: ServerProcess, path: string, cookie: string): ReturnType<typeof connectClient>;
	/** The process that owns the seeded workshop now, per Redis; undefined when none does. */
	owner(): Promise<ServerProcess | undefined>;
	/** The seeded workshop's epoch as the database holds it. */
	epoch(): Promise<number | undefined>;
	close(): Promise<void>;
}

/**
 * `count` real server processes (tests/helpers/sync-process.ts) on a fresh PostgreSQL database
 * and the machine's Redis under a fresh key prefix. The first one migrates and seeds a workshop
 * with `voters` participants before the others start.
 */
export async function startCluster(
	count: number,
	options: { voters?: number; leaseMs?: number; redisUrl?: string } = {}
): Promise<TestCluster> {
	const database: FreshDatabase = await freshDatabase('postgres');
	const prefix = `converge-test-${randomBytes(6).toString('hex')}`;
	const redisUrl = options.redisUrl ?? REDIS_URL;
	const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
	redis.on('error', () => {});
	const db = postgres(database.databaseUrl!, { max: 1, onnotice: () => {} });
	const env = {
		DATABASE_URL: database.databaseUrl!,
		DATA_DIR: database.dataDir,
		REDIS_URL: redisUrl,
		REDIS_PREFIX: prefix,
		CLUSTER_LEASE_MS: String(options.leaseMs ?? 1500)
	};
	const processes: ServerProcess[] = [];
	const clients: ReturnType<typeof connectClient>[] = [];
	const start = async (extra: Record<string, string> = {}) => {
		const started = await startServerProcess(
			{ ...env, ...extra },
			'tests/helpers/cluster-process.ts'
		);
		processes.push(started);
		return started;
	};
	const first = await start({ SEED: '1', SEED_VOTERS: String(options.voters ?? 0) });
	const line = first
		.output()
		.split('\n')
		.find((l) => l.startsWith('{"seed"'));
	const seed = JSON.parse(line!).seed as Seed;
	await Promise.all(Array.from({ length: count - 1 }, () => start()));
	return {
		processes,
		seed,
		prefix,
		redis,
		start,
		connect(on, path, cookie) {
			const room = path ? `${seed.workshopId}/${path}` : seed.workshopId;
			const client = connectClient(`${on.url.replace('http', 'ws')}/sync`, room, cookie);
			clients.push(client);
			return client;
		},
		async owner() {
			const id = await redis.get(`${prefix}:owner:${seed.workshopId}`);
			const address = id && (await redis.get(`${prefix}:process:${id}`));
			return processes.find(
				(p) =>
					address &&
					p.url === `http://${address}` &&
					p.child.exitCode === null &&
					p.child.signalCode === null
			);
		},
		async epoch() {
			const rows = await db<{ epoch: string }[]>`
				select epoch::text as epoch from workshop_epochs where workshop_id = ${seed.workshopId}`;
			return rows[0] ? Number(rows[0].epoch) : undefined;
		},
		async close() {
			await db.end();
			for (const client of clients) client.provider.destroy();
			for (const p of processes) await p.stop('SIGKILL');
			const keys = await redis.keys(`${prefix}:*`).catch(() => []);
			if (keys.length > 0) await redis.del(...keys);
			redis.disconnect();
			await database.drop();
		}
	};
}

/**
 * A Redis server of the test's own (on a free port, nothing saved), for tests that stop and
 * restart it: the machine's shared Redis is never touched that way.
 */
export async function ownRedis() {
	const port = await new Promise<number>((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn(
			'redis-server',
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{
				stdio: 'ignore'
			}
		);
		const probe = new Redis(port, '127.0.0.1', {
			retryStrategy: (times) => (times > 50 ? null : 100)
		});
		probe.on('error', () => {});
		await probe.ping();
		probe.disconnect();
	};
	const stop = () =>
		new Promise<void>((resolve) => {
			if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
	await start();
	return { url: `redis://127.0.0.1:${port}`, start, stop };
}

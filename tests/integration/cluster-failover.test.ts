import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import {
	clusterUnavailable,
	ownRedis,
	startCluster,
	type TestCluster
} from '../helpers/cluster.ts';

if (clusterUnavailable) console.warn(`skipping the cluster failover tests: ${clusterUnavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Client = ReturnType<TestCluster['connect']>;

/**
 * The voting room every failover test starts from: the first process owns the workshop (its
 * board client connected first), and every voter and the observer reach it through the other two,
 * so that they survive it and reconnect to whichever process takes over.
 */
async function votingRoom(cluster: TestCluster, ideas: number) {
	const { processes, seed } = cluster;
	const board = cluster.connect(processes[0], '', seed.cookie);
	await whenSynced(board.provider);
	expect(await cluster.owner()).toBe(processes[0]);
	const ideaIds: string[] = [];
	board.doc.transact(() => {
		for (let i = 0; i < ideas; i++) {
			ideaIds.push(addIdea(board.doc, { title: `Idea ${i}`, createdBy: seed.userId }, i));
		}
	});
	const observer = cluster.connect(processes[1], 'tally', seed.cookie);
	const voters = seed.voters.map((v, i) => ({
		...v,
		client: cluster.connect(processes[1 + (i % 2)], `ballot/${v.id}`, v.cookie) as Client
	}));
	await Promise.all([observer, ...voters.map((v) => v.client)].map((c) => whenSynced(c.provider)));
	// The tally as the observer saw it: `matrix|<ideaId>|<userId>` → entry.
	const seen = new Map<string, unknown>();
	const individual = observer.doc.getMap<{ entry: unknown }>('individual');
	individual.observe((event) => {
		for (const key of event.keysChanged) {
			const value = individual.get(key);
			if (value) seen.set(key, value.entry);
		}
	});
	// Each voter votes on each idea once, in a shuffled order.
	const random = prng.create(17);
	const queue = voters.flatMap((v) => ideaIds.map((ideaId) => ({ v, ideaId })));
	for (let i = queue.length - 1; i > 0; i--) {
		const j = prng.uint32(random, 0, i);
		[queue[i], queue[j]] = [queue[j], queue[i]];
	}
	const cast = new Map<string, unknown>();
	const vote = () => {
		const next = queue.shift();
		if (!next) return false;
		const entry = { value: prng.uint32(random, 0, 100), effort: prng.uint32(random, 0, 100) };
		setEntry(next.v.client.doc, 'matrix', next.ideaId, entry);
		cast.set(`matrix|${next.ideaId}|${next.v.id}`, entry);
		return true;
	};
	return { seen, cast, vote, individual };
}

describe.skipIf(clusterUnavailable !== null)(
	'failover between three processes',
	{ timeout: 240_000 },
	() => {
		let cluster: TestCluster | undefined;
		afterEach(async () => {
			await cluster?.close();
			cluster = undefined;
		});

		it('[SX4] SIGKILL of the owner under writes: another process takes over, no acknowledged vote is lost', async () => {
			cluster = await startCluster(3, { voters: 6, leaseMs: 1500 });
			const [owner, ...survivors] = cluster.processes;
			const room = await votingRoom(cluster, 10);
			const acknowledged = new Map<string, unknown>();
			let killedAt = 0;
			// About one vote every 10 ms; the owner dies once the tally showed 20 of them.
			while (room.vote()) {
				if (!killedAt && room.seen.size >= 20) {
					for (const [key, entry] of room.seen) acknowledged.set(key, entry);
					killedAt = Date.now();
					await owner.stop('SIGKILL');
				}
				await sleep(10);
			}
			expect(killedAt, 'the owner was killed while people were still voting').toBeGreaterThan(0);

			// Every vote, those the tally had shown and those cast during the failover, reaches
			// the tally of the new owner: the clients resend what the dead owner never confirmed.
			await eventually(() => {
				for (const [key, entry] of room.cast) expect(room.seen.get(key)).toEqual(entry);
			}, 30_000);
			for (const [key, entry] of acknowledged) expect(room.seen.get(key)).toEqual(entry);
			expect(survivors).toContain(await cluster.owner());
			expect(await cluster.epoch()).toBe(2);
		});

		it('[SX4] SIGTERM hands the workshop over at once, long before its lease would expire', async () => {
			cluster = await startCluster(3, { voters: 2, leaseMs: 20_000 });
			const [owner, ...survivors] = cluster.processes;
			const room = await votingRoom(cluster, 4);
			for (let i = 0; i < 3; i++) room.vote();
			await eventually(() => expect(room.seen.size).toBe(3), 10_000);

			const stopping = Date.now();
			expect(await owner.stop('SIGTERM')).toBe(0);
			room.vote();
			await eventually(() => expect(room.seen.size).toBe(4), 15_000);
			const handedOver = Date.now() - stopping;
			// The lease lasts 20 s: the new owner took the workshop because the old one released it.
			expect(handedOver).toBeLessThan(10_000);
			for (const [key, entry] of room.cast) expect(room.seen.get(key)).toEqual(entry);
			expect(survivors).toContain(await cluster.owner());
			expect(await cluster.epoch()).toBe(2);
		});

		it('[SX3] an owner paused past its lease (SIGSTOP, SIGCONT) finds it was replaced and closes its connections', async () => {
			cluster = await startCluster(3, { voters: 2, leaseMs: 1500 });
			const [owner, second, third] = cluster.processes;
			const room = await votingRoom(cluster, 4);
			room.vote();
			await eventually(() => expect(room.seen.size).toBe(1), 10_000);

			owner.child.kill('SIGSTOP');
			// Sent to the paused owner: it sits unread in its socket until SIGCONT.
			room.vote();
			await sleep(2500);
			// A client arriving now makes another process the owner (epoch 2).
			const fresh = cluster.connect(third, 'tally', cluster.seed.cookie);
			await whenSynced(fresh.provider, 20_000);
			expect([second, third]).toContain(await cluster.owner());
			expect(await cluster.epoch()).toBe(2);

			owner.child.kill('SIGCONT');
			await eventually(() => expect(owner.output()).toContain('"msg":"lost workshop"'), 10_000);
			// Its clients reconnect to the new owner and resend the vote the old one could not store.
			await eventually(() => {
				for (const [key, entry] of room.cast) expect(room.seen.get(key)).toEqual(entry);
			}, 30_000);
			expect(owner.child.exitCode).toBeNull();
			expect(await cluster.epoch()).toBe(2);
		});

		it('[SX7] a Redis restart mid-session (every key lost) loses no vote, and ownership resumes above the old epoch', async () => {
			const redis = await ownRedis();
			try {
				cluster = await startCluster(3, { voters: 4, leaseMs: 1500, redisUrl: redis.url });
				const room = await votingRoom(cluster, 4);
				for (let i = 0; i < 4; i++) room.vote();
				await eventually(() => expect(room.seen.size).toBe(4), 10_000);

				await redis.stop();
				// The owner keeps serving the workshop it holds while Redis is away.
				for (let i = 0; i < 4; i++) room.vote();
				await eventually(() => expect(room.seen.size).toBe(8), 10_000);
				await redis.start();
				while (room.vote()) await sleep(50);

				await eventually(() => {
					for (const [key, entry] of room.cast) expect(room.seen.get(key)).toEqual(entry);
				}, 30_000);
				// The empty Redis counted epochs from 1 again; the database's claim moved past it.
				await eventually(async () => expect(await cluster!.owner()).toBeDefined(), 15_000);
				expect(await cluster.epoch()).toBeGreaterThanOrEqual(2);
			} finally {
				await cluster?.close();
				cluster = undefined;
				await redis.stop();
			}
		});
	}
);

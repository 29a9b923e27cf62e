import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { readTimer } from '../../src/lib/model/session.ts';
import { CloseCode } from '../../server/sync/protocol.ts';
import {
	closeEvent,
	eventually,
	rawSocket,
	recordingClient,
	whenSynced,
	wireValues
} from '../helpers/clients.ts';
import { clusterUnavailable, startCluster, type TestCluster } from '../helpers/cluster.ts';

if (clusterUnavailable) console.warn(`skipping the cluster tests: ${clusterUnavailable}`);

// Three real server processes on one PostgreSQL database and one Redis: slow to start on a busy
// 2-core machine.
describe.skipIf(clusterUnavailable !== null)(
	'three processes, one owner per workshop',
	{
		timeout: 120_000
	},
	() => {
		let cluster: TestCluster;

		beforeAll(async () => {
			cluster = await startCluster(3, { voters: 3 });
		}, 120_000);
		afterAll(async () => {
			await cluster?.close();
		});

		it('[SX2] stock clients on different processes converge on the board, through one owner', async () => {
			const { processes, seed } = cluster;
			const boards = processes.map((p) => cluster.connect(p, '', seed.cookie));
			await Promise.all(boards.map((b) => whenSynced(b.provider)));
			boards.forEach((b, i) =>
				addIdea(b.doc, { title: `From process ${i}`, createdBy: seed.userId }, i)
			);
			const titles = (b: (typeof boards)[number]) =>
				[...b.doc.getMap('ideas').values()]
					.map((idea) => (idea as { get(key: string): unknown }).get('title'))
					.sort();
			await eventually(() => {
				for (const b of boards) {
					expect(titles(b)).toEqual(['From process 0', 'From process 1', 'From process 2']);
				}
			}, 10_000);
			// Exactly one process holds the workshop; the other two passed their clients through.
			expect(await cluster.owner()).toBeDefined();
		});

		it('[SX2] ballots written through two processes appear in one tally, derived by the owner', async () => {
			const { processes, seed } = cluster;
			const [ann, bob] = seed.voters;
			const board = cluster.connect(processes[0], '', seed.cookie);
			await whenSynced(board.provider);
			const ideaId = addIdea(board.doc, { title: 'Audit log', createdBy: seed.userId });
			const observer = cluster.connect(processes[2], 'tally', seed.cookie);
			const annBallot = cluster.connect(processes[0], `ballot/${ann.id}`, ann.cookie);
			const bobBallot = cluster.connect(processes[1], `ballot/${bob.id}`, bob.cookie);
			await Promise.all([observer, annBallot, bobBallot].map((c) => whenSynced(c.provider)));
			setEntry(annBallot.doc, 'matrix', ideaId, { value: 81, effort: 12 });
			setEntry(bobBallot.doc, 'matrix', ideaId, { value: 27, effort: 64 });
			const individual = observer.doc.getMap<{ entry: unknown }>('individual');
			await eventually(() => {
				expect(individual.get(`matrix|${ideaId}|${ann.id}`)?.entry).toEqual({
					value: 81,
					effort: 12
				});
				expect(individual.get(`matrix|${ideaId}|${bob.id}`)?.entry).toEqual({
					value: 27,
					effort: 64
				});
			}, 10_000);
		});

		it('[SX2] blind mode holds across processes: a voter on another process sees no score before the reveal ([V4])', async () => {
			const { processes, seed } = cluster;
			const [ann, bob] = seed.voters;
			const board = cluster.connect(processes[1], '', seed.cookie);
			await whenSynced(board.provider);
			const ideaId = addIdea(board.doc, { title: 'Blind idea', createdBy: seed.userId });
			const control = cluster.connect(processes[1], 'control', seed.cookie);
			await whenSynced(control.provider);
			control.doc.transact(() => {
				control.doc.getMap('settings').set('frameworks', ['rice']);
				control.doc.getMap('settings').set('blind', true);
			});
			const url = (p: (typeof processes)[number], path: string) =>
				`${p.url.replace('http', 'ws')}/sync/${seed.workshopId}/${path}`;
			const watcher = recordingClient(url(processes[2], 'tally'), bob.cookie);
			await watcher.opened;
			const annBallot = cluster.connect(processes[0], `ballot/${ann.id}`, ann.cookie);
			await whenSynced(annBallot.provider);
			setEntry(annBallot.doc, 'rice', ideaId, {
				reach: 987_654,
				impact: 2,
				confidence: 80,
				effort: 3
			});

			// The room learns that one person voted, and nothing else, on every process.
			await eventually(
				() => expect(watcher.doc.getMap('votes').get(`rice|${ideaId}`)).toBe(1),
				10_000
			);
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(watcher.doc.getMap('individual').has(`rice|${ideaId}|${ann.id}`)).toBe(false);
			expect(wireValues(watcher.received)).not.toContain('987654');

			control.doc.getMap('revealed').set('rice', true);
			await eventually(
				() =>
					expect(watcher.doc.getMap('individual').get(`rice|${ideaId}|${ann.id}`)).toBeDefined(),
				10_000
			);
			expect(wireValues(watcher.received)).toContain('987654');
			watcher.ws.close();
		});

		it('[SX5] removing a member on a process that does not own the workshop closes their sockets at once', async () => {
			const { processes, seed } = cluster;
			const carl = seed.voters[2];
			const url = (p: (typeof processes)[number], path: string) =>
				`${p.url.replace('http', 'ws')}/sync/${seed.workshopId}${path}`;
			const sockets = [
				rawSocket(url(processes[0], ''), { cookie: carl.cookie }),
				rawSocket(url(processes[1], `/ballot/${carl.id}`), { cookie: carl.cookie }),
				rawSocket(url(processes[2], ''), { cookie: carl.cookie })
			];
			await Promise.all(sockets.map((ws) => new Promise((resolve) => ws.once('open', resolve))));
			const closed = sockets.map((ws) => closeEvent(ws));
			const owner = await cluster.owner();
			const elsewhere = processes.find((p) => p !== owner)!;
			const response = await fetch(
				`${elsewhere.url}/remove/${seed.workshopId}/${carl.id}?actor=${seed.userId}`,
				{ method: 'POST' }
			);
			expect(response.status).toBe(204);
			// Within a second of the removal (the request itself also waits for the database).
			const removed = Date.now();
			const codes = await Promise.all(closed);
			expect(codes.map((c) => c.code)).toEqual([
				CloseCode.AccessRevoked,
				CloseCode.AccessRevoked,
				CloseCode.AccessRevoked
			]);
			expect(Date.now() - removed).toBeLessThan(1000);
		});

		it('[SX6] a request about a workshop that reaches a process not owning it is served by the owner', async () => {
			const { processes, seed } = cluster;
			const owner = await cluster.owner();
			const elsewhere = processes.find((p) => p !== owner)!;
			const control = cluster.connect(elsewhere, 'control', seed.cookie);
			await whenSynced(control.provider);
			const response = await fetch(`${elsewhere.url}/api/v1/workshops/${seed.workshopId}/timer`, {
				method: 'POST'
			});
			expect(response.status).toBe(200);
			expect(response.headers.get('x-served-by')).toBe(String(owner!.child.pid));
			expect(await response.json()).toMatchObject({ status: 'running', durationMs: 60_000 });
			await eventually(() => expect(readTimer(control.doc).status).toBe('running'));
			// Still one owner, once: the request did not load the workshop a second time.
			expect(await cluster.epoch()).toBe(1);
		});
	}
);

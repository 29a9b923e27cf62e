import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { sql } from '../../server/db/sql.ts';
import { documentName } from '../../server/sync/documents.ts';
import { MessageType } from '../../server/sync/protocol.ts';
import { entriesOf, setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { connectClient, eventually, rawSocket, whenSynced } from '../helpers/clients.ts';
import { backends, freshDatabase } from '../helpers/databases.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith } from '../helpers/test-server.ts';

const VOTERS = 20;
const IDEAS = 30;
/** The server is killed as soon as the observer has seen this many votes in the tally. */
const KILL_AFTER = 150;

interface Seed {
	cookie: string;
	workshopId: string;
	userId: string;
	voters: { id: string; cookie: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The voting takes about two seconds; the rest is starting two server processes cold (PGlite
// takes seconds to open, and tens of seconds on a busy 2-core machine).
describe.each(backends)('votes across a SIGKILL on %s', { timeout: 120_000 }, (backend) => {
	it('[VD1] every vote a client saw in the tally is still there after a SIGKILL mid-voting', async () => {
		const database = await freshDatabase(backend);
		const env = { DATABASE_URL: database.databaseUrl ?? '', DATA_DIR: database.dataDir };
		const servers: ServerProcess[] = [];
		const clients: ReturnType<typeof connectClient>[] = [];
		const start = async (extra: Record<string, string> = {}) => {
			const started = await startServerProcess(
				{ ...env, ...extra },
				'tests/helpers/sync-process.ts'
			);
			servers.push(started);
			return started;
		};
		const connect = (url: string, path: string, cookie: string) => {
			const client = connectClient(`${url.replace('http', 'ws')}/sync`, path, cookie);
			clients.push(client);
			return client;
		};
		try {
			const server = await start({ SEED: '1', SEED_VOTERS: String(VOTERS) });
			const line = server
				.output()
				.split('\n')
				.find((l) => l.startsWith('{"seed"'));
			const seed = JSON.parse(line!).seed as Seed;
			const wid = seed.workshopId;

			const board = connect(server.url, wid, seed.cookie);
			await whenSynced(board.provider);
			const ideaIds: string[] = [];
			board.doc.transact(() => {
				for (let i = 0; i < IDEAS; i++) {
					ideaIds.push(addIdea(board.doc, { title: `Idea ${i}`, createdBy: seed.userId }, i));
				}
			});
			// The ideas are stored long before the kill; the votes are what the test is about.
			await sleep(500);

			// The facilitator watches the tally and remembers every vote it shows, with its entry
			// (`individual`: `matrix|<ideaId>|<userId>` → { name, function, entry }).
			const observer = connect(server.url, `${wid}/tally`, seed.cookie);
			const voters = seed.voters.map((v) => ({
				...v,
				client: connect(server.url, `${wid}/ballot/${v.id}`, v.cookie)
			}));
			await Promise.all(
				[observer, ...voters.map((v) => v.client)].map((c) => whenSynced(c.provider))
			);

			const seen = new Map<string, unknown>();
			let killed: Promise<number | null> | undefined;
			const individual = observer.doc.getMap<{ entry: unknown }>('individual');
			individual.observe((event) => {
				for (const key of event.keysChanged) {
					const value = individual.get(key);
					if (value) seen.set(key, value.entry);
				}
				if (!killed && seen.size >= KILL_AFTER) {
					killed = server.stop('SIGKILL');
					// Nobody resends: the voters have closed their pages.
					for (const client of clients) client.provider.destroy();
					clients.length = 0;
				}
			});

			// Voters vote one after another, about one vote a millisecond, each on every idea once.
			const random = prng.create(11);
			const queue = voters.flatMap((v) => ideaIds.map((ideaId) => ({ v, ideaId })));
			for (let i = queue.length - 1; i > 0; i--) {
				const j = prng.uint32(random, 0, i);
				[queue[i], queue[j]] = [queue[j], queue[i]];
			}
			let cast = 0;
			while (!killed && cast < queue.length) {
				const { v, ideaId } = queue[cast++];
				setEntry(v.client.doc, 'matrix', ideaId, {
					value: prng.uint32(random, 0, 100),
					effort: prng.uint32(random, 0, 100)
				});
				// On a busy machine the tally may lag: voting goes on until the kill either way.
				await sleep(cast - seen.size > 200 ? 20 : 1);
			}
			expect(killed, 'the server was killed while people were still voting').toBeDefined();
			expect(cast).toBeLessThan(queue.length);
			await killed;

			const again = await start();
			// Each voter's stored ballot holds every vote of theirs anyone saw in the tally.
			const missing: string[] = [];
			for (const v of voters) {
				const ballot = connect(again.url, `${wid}/ballot/${v.id}`, v.cookie);
				await whenSynced(ballot.provider);
				const matrix = ballot.doc.getMap('matrix');
				for (const [key, entry] of seen) {
					const [, ideaId, userId] = key.split('|');
					if (userId !== v.id) continue;
					if (JSON.stringify(matrix.get(ideaId)) !== JSON.stringify(entry)) missing.push(key);
				}
			}
			expect(missing, `${missing.length} of ${seen.size} votes seen are lost`).toEqual([]);

			// And the tally, derived again from the stored ballots, shows them all.
			const tally = connect(again.url, `${wid}/tally`, seed.cookie);
			await whenSynced(tally.provider);
			const shown = tally.doc.getMap<{ entry: unknown }>('individual');
			await eventually(() => {
				for (const [key, entry] of seen) expect(shown.get(key)?.entry).toEqual(entry);
			});
		} finally {
			for (const client of clients) client.provider.destroy();
			for (const server of servers) await server.stop('SIGKILL');
			await database.drop();
		}
	});
});

/** Resolves with the payload of the next sync message of `kind` the socket receives. */
function nextSync(ws: WebSocket, kind: number): Promise<Uint8Array> {
	return new Promise((resolve) => {
		const onMessage = (data: Buffer) => {
			const decoder = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(decoder) !== MessageType.Sync) return;
			if (decoding.readVarUint(decoder) !== kind) return;
			ws.off('message', onMessage);
			resolve(decoding.readVarUint8Array(decoder));
		};
		ws.on('message', onMessage);
	});
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Sync);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

describe.each(backends)('what confirms a ballot change on %s', (backend) => {
	// Commits held back 300 ms: a confirmation that does not wait for them comes long before.
	const suite = serverSuite(backend, { commitIntervalMs: 300 });

	it('[VD2] the server vouches for a change (answers a sync step 1, or sends its state vector at connect) only once it is stored', async () => {
		const { app, syncUrl } = suite.server;
		const facilitator = await createUser(app, 'facilitator');
		const ann = await createUser(app, 'ann');
		const workshopId = await createWorkshopWith(app, facilitator, [[ann, 'participant']]);
		const url = `${syncUrl}/${workshopId}/ballot/${ann.id}`;
		const name = documentName({ kind: 'ballot', workshopId, owner: ann.id });
		const storedEntry = async (ideaId: string) => {
			const rows = await app.db.query<{ data: Uint8Array }>(
				sql`select data from document_updates where document = ${name}`
			);
			const doc = new Y.Doc();
			for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
			return entriesOf(doc, 'matrix').get(ideaId);
		};
		const ballot = new Y.Doc();
		const vote = (ideaId: string, value: number) => {
			const before = Y.encodeStateVector(ballot);
			setEntry(ballot, 'matrix', ideaId, { value, effort: 10 });
			const update = Y.encodeStateAsUpdate(ballot, before);
			return syncMessage((encoder) => syncProtocol.writeUpdate(encoder, update));
		};

		// A vote, then a sync step 1 over the same socket: the answer means the vote is stored.
		const first = rawSocket(url, { cookie: ann.cookie });
		suite.afterThis(() => first.close());
		await new Promise((resolve) => first.once('open', resolve));
		first.send(vote('idea-a', 70));
		const answer = nextSync(first, syncProtocol.messageYjsSyncStep2);
		first.send(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, ballot)));
		await answer;
		expect(await storedEntry('idea-a')).toEqual({ value: 70, effort: 10 });

		// Another vote, then a second connection (its upgrade takes longer than the vote's frame
		// on the open socket): the state vector the server opens it with shows the vote, so the
		// vote must be stored by then.
		first.send(vote('idea-b', 40));
		const second = rawSocket(url, { cookie: ann.cookie });
		suite.afterThis(() => second.close());
		const state = Y.decodeStateVector(await nextSync(second, syncProtocol.messageYjsSyncStep1));
		const mine = Y.decodeStateVector(Y.encodeStateVector(ballot)).get(ballot.clientID);
		expect(state.get(ballot.clientID)).toBe(mine);
		expect(await storedEntry('idea-b')).toEqual({ value: 40, effort: 10 });
	});
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { addIdea, ideasMap, placementsMap } from '../src/lib/model/board.ts';
import { freshDatabase } from '../tests/helpers/databases.ts';
import { startChild, type ServerChild, type StopResult } from './child.ts';
import { openReplica, type Endpoint } from './sync-clients.ts';
import type { ConvergeSeed } from './targets/converge.ts';
import { hocuspocusWire, yWebsocketWire } from './wire.ts';

export const TARGET_IDS = [
	'converge-board',
	'y-websocket-server',
	'hocuspocus',
	'converge-tally'
] as const;
export type TargetId = (typeof TARGET_IDS)[number];

/** The installed Hocuspocus, named with its version: the peer moved from 3.x to 4.x. */
// Read from the file: the package's exports do not include its package.json.
export const HOCUSPOCUS_LABEL = `Hocuspocus ${
	(
		JSON.parse(
			readFileSync(
				new URL('../node_modules/@hocuspocus/server/package.json', import.meta.url),
				'utf8'
			)
		) as { version: string }
	).version
}`;

export const TARGET_LABELS: Record<TargetId, string> = {
	'converge-board': 'Converge, board document',
	'y-websocket-server': '@y/websocket-server 0.1.1',
	hocuspocus: HOCUSPOCUS_LABEL,
	'converge-tally': 'Converge, ballot → tally'
};

/** Thrown when a target cannot run yet (e.g. a server feature still being built). */
export class NotAvailable extends Error {}

/**
 * One target under load: where each participant writes, where observers read, and how a write is
 * encoded into the document and recognised again (writer id + sequence number).
 */
export interface Scenario {
	server: ServerChild;
	/** Participant ids, in order. */
	writerIds: string[];
	/** The document writer `i` writes to, and documents it only holds open (count-only). */
	writer(i: number): { write: Endpoint; sinks: Endpoint[] };
	observer(j: number): Endpoint;
	/**
	 * Puts ideas on the board (and settings, for the tally); returns the idea ids and a function
	 * that disconnects the setup clients (call it once observers hold the documents).
	 */
	setup(ideas: number): Promise<{ ideaIds: string[]; release(): Promise<void> }>;
	/** Checks, with observer 0's document, that writes reach observers at all. */
	probe?(observed: Y.Doc, ideaIds: string[]): Promise<void>;
	change(doc: Y.Doc, writerId: string, ideaId: string, seq: number): void;
	/** Calls `seen` for every (writer, seq) that becomes visible in an observer's document. */
	watch(doc: Y.Doc, seen: (writerId: string, seq: number) => void): void;
	stop(): Promise<StopResult>;
}

export interface ScenarioOptions {
	writers: number;
	observers: number;
}

const SECOND = 1000;

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!check()) {
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/**
 * Makes changes through one client and waits until a fresh client sees them. The writing client
 * stays connected until `release` (a server without storage forgets a document nobody holds).
 */
export async function seedDocument(
	endpoint: Endpoint,
	change: (doc: Y.Doc) => void,
	check: (doc: Y.Doc) => boolean
): Promise<() => Promise<void>> {
	const written = new Y.Doc();
	const writer = await openReplica(endpoint, written);
	try {
		await withTimeout(writer.synced, 30 * SECOND, 'setup client to sync');
		const doc = new Y.Doc();
		const reader = await openReplica(endpoint, doc);
		try {
			change(written);
			await until(() => check(doc), 30 * SECOND, `setup of ${endpoint.path}`);
		} finally {
			await reader.socket.close();
		}
	} catch (error) {
		await writer.socket.close();
		throw error;
	}
	return () => writer.socket.close();
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
		})
	]);
}

export function addIdeas(doc: Y.Doc, count: number, createdBy: string) {
	for (let i = 0; i < count; i++) {
		addIdea(doc, { title: `Idea ${i + 1}`, createdBy }, 1_700_000_000_000 + i);
	}
}

export function ideaIdsOf(doc: Y.Doc): string[] {
	return [...ideasMap(doc).keys()].sort();
}

/** Writes on the board: placements key `<ideaId>|<writerId>` → `{ value, effort, seq }`. */
const boardLayout = {
	change(doc: Y.Doc, writerId: string, ideaId: string, seq: number) {
		placementsMap(doc).set(`${ideaId}|${writerId}`, {
			value: (seq * 37) % 101,
			effort: (seq * 53) % 101,
			seq
		});
	},
	watch(doc: Y.Doc, seen: (writerId: string, seq: number) => void) {
		const placements = placementsMap(doc);
		placements.observe((event) => {
			for (const key of event.keysChanged) {
				const entry = placements.get(key) as { seq?: unknown } | undefined;
				if (typeof entry?.seq === 'number') seen(key.slice(key.indexOf('|') + 1), entry.seq);
			}
		});
	}
};

/**
 * The sequence number travels in the ballot entry itself, as a valid matrix score: value is
 * seq mod 101, effort the next digit in base 101, unambiguous for 10,201 writes per participant.
 */
export function ballotEntry(seq: number) {
	return { value: seq % 101, effort: Math.floor(seq / 101) % 101 };
}

export function seqOfEntry(entry: unknown): number | null {
	if (typeof entry !== 'object' || entry === null) return null;
	const { value, effort } = entry as Record<string, unknown>;
	return typeof value === 'number' && typeof effort === 'number' ? effort * 101 + value : null;
}

/**
 * The people's entries under one key of the tally's `individual` map. The server writes
 * `<framework>|<ideaId>|<userId>` → `{ name, function, entry }` (docs/documents.md); an earlier
 * draft had `<framework>|<ideaId>` → `[{ userId, name, function, entry }]`. Both are read.
 */
/** Calls `seen` for every (writer, seq) that appears in a tally's `individual` map. */
export function watchIndividual(doc: Y.Doc, seen: (writerId: string, seq: number) => void) {
	const individual = doc.getMap('individual');
	individual.observe((event) => {
		for (const key of event.keysChanged) {
			for (const { userId, entry } of individualEntries(key, individual.get(key))) {
				const seq = seqOfEntry(entry);
				if (seq !== null) seen(userId, seq);
			}
		}
	});
}

export function individualEntries(
	key: string,
	value: unknown
): { userId: string; entry: unknown }[] {
	const plain = value instanceof Y.AbstractType ? value.toJSON() : value;
	if (Array.isArray(plain)) return plain;
	const userId = key.split('|')[2];
	if (userId && typeof plain === 'object' && plain !== null && 'entry' in plain) {
		return [{ userId, entry: plain.entry }];
	}
	return [];
}

async function startPeer(
	entry: string,
	wire: typeof yWebsocketWire,
	options: ScenarioOptions,
	documentPath: (document: string) => string
): Promise<Scenario> {
	// Without YPERSISTENCE the reference server keeps documents in memory only.
	const server = await startChild(entry, { YPERSISTENCE: undefined });
	const endpoint = (document: string): Endpoint => ({
		port: server.port,
		path: documentPath(document),
		document,
		headers: {},
		wire
	});
	const writerIds = Array.from({ length: options.writers }, (_, i) => `w${i}`);
	return {
		server,
		writerIds,
		writer: () => ({ write: endpoint('board'), sinks: [] }),
		observer: () => endpoint('board'),
		async setup(ideas) {
			let ideaIds: string[] = [];
			const release = await seedDocument(
				endpoint('board'),
				(doc) => addIdeas(doc, ideas, 'facilitator'),
				(doc) => (ideaIds = ideaIdsOf(doc)).length === ideas
			);
			return { ideaIds, release };
		},
		...boardLayout,
		stop: () => server.stop()
	};
}

async function startConverge(kind: 'board' | 'tally', options: ScenarioOptions): Promise<Scenario> {
	const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
	const database = await freshDatabase(backend);
	const dir = await mkdtemp(join(tmpdir(), 'converge-bench-'));
	const seedFile = join(dir, 'seed.json');
	let server: ServerChild;
	try {
		server = await startChild('bench/targets/converge.ts', {
			DATABASE_URL: database.databaseUrl,
			DATA_DIR: database.dataDir,
			WRITERS: String(options.writers),
			OBSERVERS: String(options.observers),
			SEED_FILE: seedFile
		});
	} catch (error) {
		await database.drop();
		await rm(dir, { recursive: true, force: true });
		throw error;
	}
	const seed = JSON.parse(await readFile(seedFile, 'utf8')) as ConvergeSeed;
	const { workshopId: wid, facilitator } = seed;
	const endpoint = (path: string, cookie: string): Endpoint => ({
		port: server.port,
		path,
		document: path,
		headers: { cookie },
		wire: yWebsocketWire
	});
	const stop = async () => {
		const stopped = await server.stop();
		await database.drop();
		await rm(dir, { recursive: true, force: true });
		return stopped;
	};
	const setupBoard = async (ideas: number) => {
		let ideaIds: string[] = [];
		const release = await seedDocument(
			endpoint(`/sync/${wid}`, facilitator.cookie),
			(doc) => addIdeas(doc, ideas, facilitator.id),
			(doc) => (ideaIds = ideaIdsOf(doc)).length === ideas
		);
		return { ideaIds, release };
	};
	const writerIds = seed.writers.map((w) => w.id);
	if (kind === 'board') {
		return {
			server,
			writerIds,
			writer: (i) => ({ write: endpoint(`/sync/${wid}`, seed.writers[i].cookie), sinks: [] }),
			observer: (j) => endpoint(`/sync/${wid}`, seed.observers[j].cookie),
			setup: setupBoard,
			...boardLayout,
			stop
		};
	}
	return {
		server,
		writerIds,
		writer: (i) => ({
			write: endpoint(`/sync/${wid}/ballot/${seed.writers[i].id}`, seed.writers[i].cookie),
			sinks: [endpoint(`/sync/${wid}/tally`, seed.writers[i].cookie)]
		}),
		observer: (j) => endpoint(`/sync/${wid}/tally`, seed.observers[j].cookie),
		async setup(ideas) {
			const board = await setupBoard(ideas);
			// Individual scores in the tally need a workshop that is neither blind nor anonymous.
			const releaseControl = await seedDocument(
				endpoint(`/sync/${wid}/control`, facilitator.cookie),
				(doc) =>
					doc.transact(() => {
						const settings = doc.getMap('settings');
						settings.set('frameworks', ['matrix']);
						settings.set('blind', false);
						settings.set('anonymous', false);
						doc.getMap('revealed').set('matrix', true);
					}),
				(doc) => doc.getMap('settings').get('blind') === false
			);
			return {
				ideaIds: board.ideaIds,
				release: async () => {
					await board.release();
					await releaseControl();
				}
			};
		},
		async probe(observed, ideaIds) {
			const key = `matrix|${ideaIds[0]}`;
			const ballot = new Y.Doc();
			const client = await openReplica(
				endpoint(`/sync/${wid}/ballot/${facilitator.id}`, facilitator.cookie),
				ballot
			);
			try {
				await withTimeout(client.synced, 30 * SECOND, 'facilitator ballot to sync');
				ballot.getMap('matrix').set(ideaIds[0], { value: 50, effort: 50 });
				const individual = observed.getMap('individual');
				const shown = () =>
					[...individual.entries()].some(([k, value]) =>
						k.startsWith(`${key}|`) || k === key
							? individualEntries(k, value).some((e) => e.userId === facilitator.id)
							: false
					);
				await until(shown, 10 * SECOND, 'the tally');
			} catch {
				throw new NotAvailable(
					`a ballot write did not appear in the tally's \`individual\` map (key ${key}) within 10 s`
				);
			} finally {
				await client.socket.close();
			}
		},
		change(doc, _writerId, ideaId, seq) {
			doc.getMap('matrix').set(ideaId, ballotEntry(seq));
		},
		watch: watchIndividual,
		stop
	};
}

export function startScenario(target: TargetId, options: ScenarioOptions): Promise<Scenario> {
	switch (target) {
		case 'converge-board':
			return startConverge('board', options);
		case 'converge-tally':
			return startConverge('tally', options);
		case 'y-websocket-server':
			// The reference server names the document after the URL path.
			return startPeer(
				'bench/targets/y-websocket-server.ts',
				yWebsocketWire,
				options,
				(d) => `/${d}`
			);
		case 'hocuspocus':
			// Hocuspocus serves every path; the document name travels in each message.
			return startPeer('bench/targets/hocuspocus.ts', hocuspocusWire, options, () => '/');
	}
}

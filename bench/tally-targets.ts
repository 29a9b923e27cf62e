import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS } from '../src/lib/model/functions.ts';
import { freshDatabase, type Backend, type FreshDatabase } from '../tests/helpers/databases.ts';
import { startChild, type ServerChild, type StopResult } from './child.ts';
import type { Endpoint } from './sync-clients.ts';
import { HOCUSPOCUS_LABEL, NotAvailable } from './sync-targets.ts';
import type { ConvergeSeed } from './targets/converge.ts';
import { hocuspocusWire, yWebsocketWire } from './wire.ts';

/**
 * The servers of the tally benchmark (bench/tally-load.ts): Converge on PostgreSQL, Converge on
 * PGlite, and Hocuspocus holding the analogous documents. Each runs in a child process with
 * workshops seeded as the load needs them.
 */
export const TALLY_TARGETS = ['converge-postgres', 'converge-pglite', 'hocuspocus'] as const;
export type TallyTarget = (typeof TALLY_TARGETS)[number];

export const TALLY_LABELS: Record<TallyTarget, string> = {
	'converge-postgres': 'Converge (PostgreSQL)',
	'converge-pglite': 'Converge (PGlite)',
	hocuspocus: HOCUSPOCUS_LABEL
};

export interface Person {
	id: string;
	name: string;
	function: string;
	cookie: string;
}

export interface Room {
	workshopId: string;
	facilitator: Person;
	voters: Person[];
	observers: Person[];
}

/** The four documents a member's room opens (src/lib/sync/workshop.svelte.ts). */
export interface RoomDocuments {
	board: Endpoint;
	control: Endpoint;
	/** Voters only. */
	ballot: Endpoint | null;
	tally: Endpoint;
}

export interface TallyServer {
	target: TallyTarget;
	label: string;
	/** The current server process (a restart replaces it). */
	server(): ServerChild;
	rooms: Room[];
	documents(room: Room, person: Person, voter: boolean): RoomDocuments;
	/**
	 * True for the peer, which derives nothing: the voter writes the tally's individual entry
	 * itself, next to its ballot.
	 */
	votersWriteTally: boolean;
	/** Stops the server and starts it again on the same database (Converge only). */
	restart(): Promise<void>;
	stop(): Promise<StopResult>;
}

export interface TallyServerOptions {
	workshops: number;
	voters: number;
	observers: number;
}

/** Who a seeded member is, as bench/targets/converge.ts names them and the peer is told. */
function person(id: string, name: string, index: number, cookie = ''): Person {
	return { id, name, function: FUNCTIONS[index % 4], cookie };
}

export function postgresAvailable(): boolean {
	return Boolean(process.env.DATABASE_URL);
}

async function startConverge(
	target: TallyTarget,
	backend: Backend,
	options: TallyServerOptions
): Promise<TallyServer> {
	if (backend === 'postgres' && !postgresAvailable()) {
		throw new NotAvailable('DATABASE_URL is not set: no PostgreSQL server to create a database on');
	}
	const database: FreshDatabase = await freshDatabase(backend);
	const dir = await mkdtemp(join(tmpdir(), 'converge-tally-bench-'));
	const env = { DATABASE_URL: database.databaseUrl, DATA_DIR: database.dataDir };
	const cleanUp = async () => {
		await database.drop();
		await rm(dir, { recursive: true, force: true });
	};
	const seedFile = join(dir, 'seed.json');
	let server: ServerChild;
	try {
		server = await startChild('bench/targets/converge.ts', {
			...env,
			WORKSHOPS: String(options.workshops),
			WRITERS: String(options.voters),
			OBSERVERS: String(options.observers),
			SEED_FILE: seedFile
		});
	} catch (error) {
		await cleanUp();
		throw error;
	}
	const seed = JSON.parse(await readFile(seedFile, 'utf8')) as ConvergeSeed;
	const rooms: Room[] = seed.workshops.map((w, n) => ({
		workshopId: w.workshopId,
		facilitator: person(w.facilitator.id, `facilitator${n}`, 0, w.facilitator.cookie),
		voters: w.writers.map((u, i) => person(u.id, `w${n}-writer${i}`, i, u.cookie)),
		observers: w.observers.map((u, i) => person(u.id, `w${n}-observer${i}`, i, u.cookie))
	}));
	const endpoint = (path: string, cookie: string): Endpoint => ({
		port: server.port,
		path,
		document: path,
		headers: { cookie },
		wire: yWebsocketWire,
		// The first open of a big workshop's tally derives it from every ballot: a measured
		// result, not a hung server, up to this long.
		upgradeTimeoutMs: 120_000
	});
	return {
		target,
		label: TALLY_LABELS[target],
		server: () => server,
		rooms,
		documents: (room, member, voter) => {
			const base = `/sync/${room.workshopId}`;
			return {
				board: endpoint(base, member.cookie),
				control: endpoint(`${base}/control`, member.cookie),
				ballot: voter ? endpoint(`${base}/ballot/${member.id}`, member.cookie) : null,
				tally: endpoint(`${base}/tally`, member.cookie)
			};
		},
		votersWriteTally: false,
		async restart() {
			await server.stop();
			server = await startChild('bench/targets/converge.ts', env);
		},
		async stop() {
			const stopped = await server.stop();
			await cleanUp();
			return stopped;
		}
	};
}

async function startHocuspocus(options: TallyServerOptions): Promise<TallyServer> {
	const server = await startChild('bench/targets/hocuspocus.ts', {});
	const rooms: Room[] = Array.from({ length: options.workshops }, (_, w) => ({
		workshopId: `workshop-${w}`,
		facilitator: person(`w${w}-facilitator`, `facilitator${w}`, 0),
		voters: Array.from({ length: options.voters }, (_, i) =>
			person(`w${w}-v${i}`, `w${w}-writer${i}`, i)
		),
		observers: Array.from({ length: options.observers }, (_, i) =>
			person(`w${w}-o${i}`, `w${w}-observer${i}`, i)
		)
	}));
	// Hocuspocus serves every path; the document's name travels in each message.
	const endpoint = (document: string): Endpoint => ({
		port: server.port,
		path: '/',
		document,
		headers: {},
		wire: hocuspocusWire
	});
	return {
		target: 'hocuspocus',
		label: HOCUSPOCUS_LABEL,
		server: () => server,
		rooms,
		documents: (room, member, voter) => ({
			board: endpoint(room.workshopId),
			control: endpoint(`${room.workshopId}/control`),
			ballot: voter ? endpoint(`${room.workshopId}/ballot/${member.id}`) : null,
			tally: endpoint(`${room.workshopId}/tally`)
		}),
		votersWriteTally: true,
		async restart() {
			throw new NotAvailable('Hocuspocus without an extension keeps documents in memory only');
		},
		stop: () => server.stop()
	};
}

export function startTallyServer(
	target: TallyTarget,
	options: TallyServerOptions
): Promise<TallyServer> {
	switch (target) {
		case 'converge-postgres':
			return startConverge(target, 'postgres', options);
		case 'converge-pglite':
			return startConverge(target, 'pglite', options);
		case 'hocuspocus':
			return startHocuspocus(options);
	}
}

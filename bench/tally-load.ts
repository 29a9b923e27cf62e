import * as Y from 'yjs';
import { FRAMEWORK_IDS } from '../src/lib/model/frameworks/index.ts';
import { sampleWorkshop } from '../src/lib/model/frameworks/sample-workshop.ts';
import { markdownTable, textTable, type Bench, type BenchOptions, type Check } from './bench.ts';
import { sampleMachine, waitForQuiet } from './machine.ts';
import { sampleProcess, type ProcessUsage } from './process-stats.ts';
import type { RawSocket } from './raw-socket.ts';
import { mulberry32 } from '../src/lib/model/random.ts';
import { summarize, type Summary } from './stats.ts';
import { openReplica, openRoomSocket } from './sync-clients.ts';
import type { Delivery } from './sync-load.ts';
import { NotAvailable, withTimeout } from './sync-targets.ts';
import {
	bytesByKind,
	DOCUMENT_KINDS,
	inBatches,
	type DocumentKind,
	joinObserver,
	joinVoter,
	prefill,
	prepareRooms,
	settle,
	sleep,
	vote,
	watchTallyShape,
	type Observer,
	type Voter
} from './tally-room.ts';
import {
	startTallyServer,
	TALLY_LABELS,
	TALLY_TARGETS,
	type TallyServer,
	type TallyTarget
} from './tally-targets.ts';

/**
 * Issue 13's workload: workshops of 200 ideas in which every participant holds the four documents
 * the room opens and observers decode the tally, on Converge (PostgreSQL and PGlite) and on
 * Hocuspocus under the same load, in one invocation. Parts: `floor` (one-vote batches in an idle
 * room of 10: bytes per socket, vote→tally p50), `workshops` (50 × 10), `big` (one room of 500
 * and of 1,000), `cold` (300 ideas × 40 voters, every framework, after a restart) and `memory`
 * (the servers' RSS at start on a fresh database).
 */

const SECOND = 1000;
const KIB = 1024;
const MIB = 1024 * 1024;
const PARTS = ['floor', 'workshops', 'big', 'cold', 'memory'] as const;
type Part = (typeof PARTS)[number];
/** Voters connecting at once: a room filling up, not a thundering herd. */
const JOIN_CONCURRENCY = 10;
const CONNECT_LIMIT_S = 300;

interface Settings {
	quick: boolean;
	targets: TallyTarget[];
	parts: Part[];
	ideas: number;
	durationS: number;
	intervalMs: number;
	drainS: number;
	seed: number;
	quietWaitS: number;
	floorVotes: number;
	workshops: number;
	bigRooms: number[];
	bigObservers: number;
}

function parse(options: BenchOptions): Settings {
	const value = (name: string, env: string) => {
		const raw = options.values[name] ?? process.env[env];
		return typeof raw === 'string' ? raw : undefined;
	};
	const number = (name: string, env: string, fallback: number, min = 1) => {
		const raw = value(name, env);
		const parsed = raw === undefined ? fallback : Number(raw);
		if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${name} must be ≥ ${min}`);
		return parsed;
	};
	const list = <T extends string>(name: string, env: string, known: readonly T[]): T[] => {
		const chosen = (value(name, env) ?? known.join(',')).split(',').map((s) => s.trim()) as T[];
		for (const item of chosen) {
			if (!known.includes(item)) throw new Error(`--${name}: unknown ${item}; known: ${known}`);
		}
		return chosen;
	};
	const quick = options.quick;
	const bigRooms = (value('big-rooms', 'BENCH_BIG_ROOMS') ?? '500,1000').split(',').map(Number);
	if (bigRooms.some((n) => !Number.isInteger(n) || n < 1 || n > 2000)) {
		throw new Error('--big-rooms must be a comma-separated list of integers from 1 to 2000');
	}
	return {
		quick,
		targets: list('tally-targets', 'BENCH_TALLY_TARGETS', TALLY_TARGETS),
		parts: list('parts', 'BENCH_TALLY_PARTS', PARTS),
		ideas: number('ideas', 'BENCH_IDEAS', 200),
		durationS: number('duration', 'BENCH_DURATION_S', quick ? 3 : 20),
		intervalMs: number('interval', 'BENCH_INTERVAL_MS', 1000),
		drainS: number('drain', 'BENCH_DRAIN_S', quick ? 3 : 5),
		seed: number('seed', 'BENCH_SEED', 1),
		quietWaitS: number('quiet-wait', 'BENCH_QUIET_WAIT_S', quick ? 0 : 120, 0),
		floorVotes: quick ? 20 : 100,
		workshops: 50,
		bigRooms,
		bigObservers: quick ? 3 : 10
	};
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const kib = (bytes: number) => (Number.isFinite(bytes) ? (bytes / KIB).toFixed(1) : '–');
const mb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / MIB).toFixed(0) : '–');
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads a process's resident memory once. */
function rssOf(pid: number): number {
	return sampleProcess(pid).stop().rssPeakBytes;
}

/** Starts a target, runs `body` with it, and always stops it and closes the sockets. */
async function withServer<T>(
	target: TallyTarget,
	size: { workshops: number; voters: number; observers: number },
	log: (line: string) => void,
	body: (server: TallyServer, sockets: RawSocket[]) => Promise<T>
): Promise<T> {
	const server = await startTallyServer(target, size);
	const sockets: RawSocket[] = [];
	try {
		return await body(server, sockets);
	} finally {
		await Promise.all(sockets.map((socket) => socket.close(500)));
		const stopped = await server.stop();
		log(
			`  server stopped in ${(stopped.ms / SECOND).toFixed(1)} s${stopped.killed ? ' (killed)' : ''}`
		);
	}
}

interface Filled {
	voters: Voter[];
	observers: Observer[];
	ideaIds: string[][];
	joins: Summary;
	/** RSS once the rooms hold their ideas, before anyone joined. */
	rssStart: number;
	/** Samples the server's RSS from then on (its peak covers joins and load). */
	memory: { stop(): ProcessUsage };
}

/**
 * Fills the target's rooms: ideas and settings, observers, then voters `JOIN_CONCURRENCY` at a
 * time (each join timed), then each voter's prefill of `prefillPerVoter` ideas, and waits until
 * every observer's tally holds them all.
 */
async function fillRooms(
	server: TallyServer,
	sockets: RawSocket[],
	settings: Settings,
	prefillPerVoter: number,
	seen: (observer: number, voterId: string, seq: number) => void,
	log: (line: string) => void
): Promise<Filled> {
	const started = performance.now();
	const { ideaIds, release } = await prepareRooms(server, settings.ideas, 'matrix');
	const rssStart = rssOf(server.server().pid);
	const memory = sampleProcess(server.server().pid);
	const observers: Observer[] = [];
	const observersFrom = performance.now();
	for (const [r, room] of server.rooms.entries()) {
		for (const member of room.observers) {
			const j = observers.length;
			observers.push(await joinObserver(server, r, member, sockets, (id, seq) => seen(j, id, seq)));
		}
	}
	log(
		`  rooms ready in ${((observersFrom - started) / SECOND).toFixed(1)} s, ` +
			`${observers.length} observers synced in ${((performance.now() - observersFrom) / SECOND).toFixed(1)} s`
	);
	const members = server.rooms.flatMap((room, r) => room.voters.map((person) => ({ r, person })));
	const voters = await inBatches(members, JOIN_CONCURRENCY, async ({ r, person }) => {
		if (performance.now() - started > CONNECT_LIMIT_S * SECOND) {
			throw new Error(`filling the rooms took over ${CONNECT_LIMIT_S} s`);
		}
		return joinVoter(server, r, person, sockets);
	});
	await release();
	const joins = summarize(voters.map((v) => v.joinMs));
	log(
		`  ${voters.length} voters joined in ${((performance.now() - started) / SECOND).toFixed(1)} s ` +
			`(join p50 ${ms(joins.p50)} ms, p99 ${ms(joins.p99)} ms)`
	);
	const random = mulberry32(settings.seed);
	const perRoom = new Map<number, number>();
	for (const voter of voters) {
		const i = perRoom.get(voter.room) ?? 0;
		perRoom.set(voter.room, i + 1);
		const ids = ideaIds[voter.room];
		const chosen = Array.from(
			{ length: prefillPerVoter },
			(_, k) => ids[(i * prefillPerVoter + k) % ids.length]
		);
		prefill(voter, chosen, random);
	}
	const roomSize = server.rooms[0]?.voters.length ?? 0;
	const firstObservers = server.rooms.map((_, r) => observers.find((o) => o.room === r)!.tally);
	await settle(firstObservers, roomSize * Math.min(prefillPerVoter, settings.ideas), 180 * SECOND);
	log(`  prefilled and settled after ${((performance.now() - started) / SECOND).toFixed(1)} s`);
	return { voters, observers, ideaIds, joins, rssStart, memory };
}

// ---------------------------------------------------------------------------------------------
// floor: one-vote batches in an idle room of 10

interface FloorResult {
	target: TallyTarget;
	status: 'ok' | 'not-available' | 'failed';
	note?: string;
	votes: number;
	lost: number;
	latency: Summary;
	/** Per vote: mean bytes received per receiving socket of each kind (not the voter's own). */
	perSocket: Record<(typeof DOCUMENT_KINDS)[number], Summary>;
	/** Mean over votes of the tally's bytes per receiving socket (a few votes move many rows). */
	tallyMean: number;
	/** Per vote, mean over votes: changed entries and their JSON bytes, per tally map. */
	maps: [string, { entries: number; bytes: number }][];
	/** How many of the ideas' aggregates one vote rewrote. */
	aggregatesPerVote: Summary;
	/** JSON bytes per vote of the changed aggregates' fields, largest first. */
	fields: [string, number][];
}

const FLOOR_VOTERS = 10;
const FLOOR_OBSERVERS = 3;
/** After a vote is seen everywhere: long enough for anything the same batch still sends. */
const FLOOR_QUIET_MS = 300;

function blankFloor(target: TallyTarget): FloorResult {
	const none = summarize([]);
	return {
		target,
		status: 'ok',
		votes: 0,
		lost: 0,
		latency: none,
		perSocket: { board: none, control: none, ballot: none, tally: none },
		tallyMean: NaN,
		aggregatesPerVote: none,
		maps: [],
		fields: []
	};
}

async function runFloor(
	target: TallyTarget,
	settings: Settings,
	log: (line: string) => void
): Promise<FloorResult> {
	const result = blankFloor(target);
	let current: { voterId: string; seq: number; sent: number; seenBy: Set<number> } | null = null;
	const latencies: number[] = [];
	const seen = (observer: number, voterId: string, seq: number) => {
		if (!current || current.voterId !== voterId || current.seq !== seq) return;
		if (current.seenBy.has(observer)) return;
		current.seenBy.add(observer);
		latencies.push(performance.now() - current.sent);
	};
	const size = { workshops: 1, voters: FLOOR_VOTERS, observers: FLOOR_OBSERVERS };
	await withServer(target, size, log, async (server, sockets) => {
		const { voters, observers, ideaIds, memory } = await fillRooms(
			server,
			sockets,
			settings,
			settings.ideas,
			seen,
			log
		);
		memory.stop();
		const shape = watchTallyShape(observers[0].tally);
		shape.take();
		const perKind = { board: [], control: [], ballot: [], tally: [] } as Record<
			(typeof DOCUMENT_KINDS)[number],
			number[]
		>;
		const maps = new Map<string, { entries: number; bytes: number }>();
		const fields = new Map<string, number>();
		const aggregatesPerVote: number[] = [];
		const deadline = performance.now() + 120 * SECOND;
		for (let r = 0; r < settings.floorVotes && performance.now() < deadline; r++) {
			const writer = voters[r % voters.length];
			const seq = Math.floor(r / voters.length);
			const receivers = [
				...voters.filter((v) => v !== writer).map((v) => v.sockets),
				...observers.map((o) => o.sockets)
			];
			const before = bytesByKind(receivers);
			current = { voterId: writer.person.id, seq, sent: performance.now(), seenBy: new Set() };
			vote(writer, ideaIds[0][(r * 7) % ideaIds[0].length], seq);
			const until = performance.now() + 3 * SECOND;
			while (current.seenBy.size < observers.length && performance.now() < until) await sleep(1);
			result.lost += observers.length - current.seenBy.size;
			await sleep(FLOOR_QUIET_MS);
			const after = bytesByKind(receivers);
			for (const kind of DOCUMENT_KINDS) {
				const deltas = after[kind].map((bytes, i) => bytes - before[kind][i]);
				if (deltas.length > 0)
					perKind[kind].push(deltas.reduce((a, b) => a + b, 0) / deltas.length);
			}
			const taken = shape.take();
			aggregatesPerVote.push(taken.maps.get('aggregates')?.entries ?? 0);
			for (const [name, totals] of taken.maps) {
				const sum = maps.get(name) ?? { entries: 0, bytes: 0 };
				maps.set(name, { entries: sum.entries + totals.entries, bytes: sum.bytes + totals.bytes });
			}
			for (const [field, bytes] of taken.fields)
				fields.set(field, (fields.get(field) ?? 0) + bytes);
			result.votes++;
		}
		current = null;
		const n = Math.max(1, result.votes);
		result.latency = summarize(latencies);
		for (const kind of DOCUMENT_KINDS) result.perSocket[kind] = summarize(perKind[kind]);
		result.aggregatesPerVote = summarize(aggregatesPerVote);
		result.tallyMean = perKind.tally.reduce((a, b) => a + b, 0) / Math.max(1, perKind.tally.length);
		result.maps = [...maps]
			.map(([name, t]): [string, { entries: number; bytes: number }] => [
				name,
				{ entries: t.entries / n, bytes: t.bytes / n }
			])
			.sort((a, b) => b[1].bytes - a[1].bytes);
		result.fields = [...fields]
			.map(([f, b]): [string, number] => [f, b / n])
			.sort((a, b) => b[1] - a[1]);
	});
	log(
		`  ${result.votes} votes: p50 ${ms(result.latency.p50)} ms, lost ${result.lost}; tally bytes ` +
			`per socket per vote: median ${result.perSocket.tally.p50.toFixed(0)}, max ${result.perSocket.tally.max.toFixed(0)}`
	);
	return result;
}

// ---------------------------------------------------------------------------------------------
// workshops and big rooms: every voter votes once per interval

interface LoadResult extends Delivery {
	target: TallyTarget;
	workshops: number;
	voters: number;
	joins: Summary;
	cpuPerVoteUs: number;
	serverCpuPercent: number;
	serverCpuPeakPercent: number;
	rssStart: number;
	rssPeak: number;
	/** What each voter's tally socket received per second, on average. */
	tallyBytesPerVoterPerS: number;
	clientCpuPercent: number;
	otherCores: number;
}

function blankLoad(target: TallyTarget, shape: { workshops: number; voters: number }): LoadResult {
	return {
		target,
		workshops: shape.workshops,
		voters: shape.voters,
		status: 'ok',
		writes: 0,
		expected: 0,
		received: 0,
		lost: 0,
		latency: summarize([]),
		joins: summarize([]),
		cpuPerVoteUs: NaN,
		serverCpuPercent: NaN,
		serverCpuPeakPercent: NaN,
		rssStart: NaN,
		rssPeak: NaN,
		tallyBytesPerVoterPerS: NaN,
		clientCpuPercent: NaN,
		otherCores: NaN
	};
}

async function runLoad(
	target: TallyTarget,
	shape: { workshops: number; voters: number; observers: number; prefill: number },
	settings: Settings,
	log: (line: string) => void
): Promise<LoadResult> {
	const writesEach = Math.max(1, Math.round((settings.durationS * SECOND) / settings.intervalMs));
	const result = blankLoad(target, shape);
	const index = new Map<string, number>();
	const sentAt: Float64Array[] = [];
	const lastSeen: Int32Array[] = [];
	const latencies: number[] = [];
	const seen = (observer: number, voterId: string, seq: number) => {
		const i = index.get(voterId);
		if (i === undefined || seq >= writesEach) return;
		const last = (lastSeen[observer] ??= new Int32Array(index.size).fill(-1));
		if (seq <= last[i]) return;
		last[i] = seq;
		const sent = sentAt[i][seq];
		if (Number.isNaN(sent)) return;
		latencies.push(performance.now() - sent);
		result.received++;
	};
	await withServer(target, shape, log, async (server, sockets) => {
		for (const room of server.rooms) {
			for (const voter of room.voters) {
				index.set(voter.id, index.size);
				sentAt.push(new Float64Array(writesEach).fill(NaN));
			}
		}
		const filled = await fillRooms(server, sockets, settings, shape.prefill, seen, log);
		const { voters, observers, ideaIds } = filled;
		result.joins = filled.joins;
		result.rssStart = filled.rssStart;
		await sleep(2 * SECOND);
		if (settings.quietWaitS > 0)
			log(`  waiting up to ${settings.quietWaitS} s for an idle machine`);
		await waitForQuiet(settings.quietWaitS);

		const random = mulberry32(settings.seed + 1);
		const schedule: { at: number; voter: number; seq: number }[] = [];
		for (let i = 0; i < voters.length; i++) {
			const phase = random() * settings.intervalMs;
			for (let seq = 0; seq < writesEach; seq++) {
				schedule.push({ at: phase + seq * settings.intervalMs, voter: i, seq });
			}
		}
		schedule.sort((a, b) => a.at - b.at);
		const observersIn = new Map<number, number>();
		for (const o of observers) observersIn.set(o.room, (observersIn.get(o.room) ?? 0) + 1);
		const positionInRoom = voters.map((v) => server.rooms[v.room].voters.indexOf(v.person));
		const tallyBefore = voters.reduce((sum, v) => sum + v.sockets.tally.bytes, 0);
		const serverUsage = sampleProcess(server.server().pid);
		const machine = sampleMachine();
		const cpuBefore = process.cpuUsage();
		const wallBefore = performance.now();
		const origin = performance.now() + 100;
		await new Promise<void>((resolve) => {
			let next = 0;
			const tick = () => {
				const now = performance.now();
				while (next < schedule.length && origin + schedule[next].at <= now) {
					const { voter: i, seq } = schedule[next++];
					const voter = voters[i];
					const ids = ideaIds[voter.room];
					const idea =
						ids[(positionInRoom[i] * shape.prefill + (seq % shape.prefill)) % ids.length];
					sentAt[index.get(voter.person.id)!][seq] = performance.now();
					vote(voter, idea, seq);
				}
				if (next >= schedule.length) return resolve();
				setTimeout(tick, Math.max(0, origin + schedule[next].at - performance.now()));
			};
			tick();
		});
		result.writes = schedule.length;
		result.expected = schedule.reduce(
			(sum, s) => sum + (observersIn.get(voters[s.voter].room) ?? 0),
			0
		);
		const drainUntil = performance.now() + settings.drainS * SECOND;
		while (result.received < result.expected && performance.now() < drainUntil) await sleep(50);
		const wallMs = performance.now() - wallBefore;
		const cpu = process.cpuUsage(cpuBefore);
		const usage = serverUsage.stop();
		const busy = machine.stop().busyCores;
		result.lost = result.expected - result.received;
		const closed = closedSockets([...voters, ...observers].map((member) => member.sockets));
		if (closed) result.note = `closed by the server during the run: ${closed}`;
		if (result.received === 0 && result.expected > 0) {
			// Nothing arrived at all: what the server said is the first thing to read.
			log(`  no vote seen; server output (tail):\n${server.server().output().slice(-1500)}`);
		}
		result.latency = summarize(latencies);
		result.cpuPerVoteUs = (usage.cpuSeconds / result.writes) * 1e6;
		result.serverCpuPercent = usage.cpuPercent;
		result.serverCpuPeakPercent = usage.cpuPeakPercent;
		result.rssPeak = filled.memory.stop().rssPeakBytes;
		const tallyAfter = voters.reduce((sum, v) => sum + v.sockets.tally.bytes, 0);
		result.tallyBytesPerVoterPerS = (tallyAfter - tallyBefore) / voters.length / (wallMs / SECOND);
		result.clientCpuPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
		result.otherCores = Math.max(0, busy - usage.cpuPercent / 100 - result.clientCpuPercent / 100);
	});
	log(
		`  ${result.writes} votes: p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms, ` +
			`lost ${result.lost}/${result.expected}; ${result.cpuPerVoteUs.toFixed(0)} µs server CPU per vote; ` +
			`other work ${result.otherCores.toFixed(2)} cores` +
			(result.note ? `; ${result.note}` : '')
	);
	return result;
}

/** Which sockets the server closed, by document and close code, e.g. "tally 4413 × 1000". */
function closedSockets(sets: Partial<Record<DocumentKind, RawSocket>>[]): string {
	const counts = new Map<string, number>();
	for (const set of sets) {
		for (const [kind, socket] of Object.entries(set)) {
			if (socket.open) continue;
			const key = `${kind} ${socket.closeCode ?? 'without a close frame'}`;
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	return [...counts].map(([key, n]) => `${key} × ${n}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// cold: 300 ideas × 40 voters, every framework, first sync after a restart

interface ColdResult {
	target: TallyTarget;
	status: 'ok' | 'not-available' | 'failed';
	note?: string;
	/** Whether the server was restarted before the first join (the peer has no storage). */
	restarted: boolean;
	firstSyncMs: number;
	bytes: number;
	tallyBytes: number;
	individualEntries: number;
	rssAtRestart: number;
	warmSyncMs: number;
	warmBytes: number;
}

const COLD_IDEAS = 300;
const COLD_VOTERS = 40;

/** A member opens the four documents as full replicas; resolves with the time and the bytes. */
async function firstSync(server: TallyServer, member: Voter['person']) {
	const documents = server.documents(server.rooms[0], member, true);
	const tally = new Y.Doc();
	const start = performance.now();
	const replicas = await Promise.all(
		[documents.board, documents.control, documents.ballot!, documents.tally].map((endpoint, i) =>
			openReplica(endpoint, i === 3 ? tally : new Y.Doc())
		)
	);
	try {
		await withTimeout(Promise.all(replicas.map((r) => r.synced)), 60 * SECOND, 'first sync');
		return {
			ms: performance.now() - start,
			bytes: replicas.reduce((sum, r) => sum + r.socket.bytes, 0),
			tallyBytes: replicas[3].socket.bytes,
			individualEntries: tally.getMap('individual').size
		};
	} finally {
		await Promise.all(replicas.map((r) => r.socket.close(500)));
	}
}

function blankCold(target: TallyTarget): ColdResult {
	return {
		target,
		status: 'ok',
		restarted: false,
		firstSyncMs: NaN,
		bytes: NaN,
		tallyBytes: NaN,
		individualEntries: NaN,
		rssAtRestart: NaN,
		warmSyncMs: NaN,
		warmBytes: NaN
	};
}

async function runCold(
	target: TallyTarget,
	settings: Settings,
	log: (line: string) => void
): Promise<ColdResult> {
	const result = blankCold(target);
	const size = { workshops: 1, voters: COLD_VOTERS, observers: 0 };
	await withServer(target, size, log, async (server, sockets) => {
		const room = server.rooms[0];
		const { ideaIds, release } = await prepareRooms(server, COLD_IDEAS, 'all');
		const ids = ideaIds[0];
		const sample = sampleWorkshop(COLD_IDEAS, COLD_VOTERS, settings.seed);
		const realId = new Map(sample.ideaIds.map((id, i) => [id, ids[i]]));
		let entries = 0;
		const facilitatorTally = new Y.Doc();
		const watcher = await openReplica(
			server.documents(room, room.facilitator, false).tally,
			facilitatorTally,
			true
		);
		sockets.push(watcher.socket);
		const setup: RawSocket[] = [];
		await inBatches(room.voters, 10, async (member, v) => {
			const documents = server.documents(room, member, true);
			const ballot = new Y.Doc();
			const replica = await openReplica(documents.ballot!, ballot);
			setup.push(replica.socket);
			await withTimeout(replica.synced, 30 * SECOND, 'ballot to sync');
			const tally = server.votersWriteTally ? new Y.Doc() : null;
			if (tally) {
				// Writes only: a replica would decode every other voter's entries too.
				const writer = await openRoomSocket(documents.tally, { doc: tally });
				setup.push(writer.socket);
				await withTimeout(writer.synced, 30 * SECOND, 'tally to sync');
			}
			const frameworks = sample.ballots[v].frameworks;
			ballot.transact(() => {
				for (const framework of FRAMEWORK_IDS) {
					for (const [id, entry] of frameworks[framework]) {
						ballot.getMap(framework).set(realId.get(id)!, entry);
					}
				}
			});
			tally?.transact(() => {
				for (const framework of FRAMEWORK_IDS) {
					for (const [id, entry] of frameworks[framework]) {
						tally.getMap('individual').set(`${framework}|${realId.get(id)}|${member.id}`, {
							name: member.name,
							function: member.function,
							entry
						});
					}
				}
			});
			for (const framework of FRAMEWORK_IDS) entries += frameworks[framework].size;
		});
		// Every entry is revealed and named, so each shows in `individual` (unless invalid).
		await settle([facilitatorTally], Math.floor(entries * 0.95), 240 * SECOND, 3 * SECOND);
		log(
			`  ${entries} ballot entries; tally individual entries ${facilitatorTally.getMap('individual').size}`
		);
		if (server.votersWriteTally) {
			// No storage: the documents live only while someone holds them, so the setup stays.
			await watcher.socket.close(500);
		} else {
			await Promise.all([...setup, watcher.socket].map((s) => s.close(500)));
			await release();
			await server.restart();
			result.restarted = true;
			await sleep(500);
			result.rssAtRestart = rssOf(server.server().pid);
		}
		const first = await firstSync(server, room.voters[0]);
		result.firstSyncMs = first.ms;
		result.bytes = first.bytes;
		result.tallyBytes = first.tallyBytes;
		result.individualEntries = first.individualEntries;
		const warm = await firstSync(server, room.voters[1]);
		result.warmSyncMs = warm.ms;
		result.warmBytes = warm.bytes;
		if (server.votersWriteTally) {
			await Promise.all(setup.map((s) => s.close(500)));
			await release();
		}
	});
	log(
		`  first sync ${ms(result.firstSyncMs)} ms, ${mb(result.bytes)} MB (tally ${mb(result.tallyBytes)} MB, ` +
			`${result.individualEntries} individual entries); next member ${ms(result.warmSyncMs)} ms`
	);
	return result;
}

// ---------------------------------------------------------------------------------------------
// memory: RSS at start on a fresh database

async function runMemory(target: TallyTarget, log: (line: string) => void): Promise<number> {
	const size = { workshops: 0, voters: 0, observers: 0 };
	return withServer(target, size, log, async (server) => {
		// What start-up allocates and frees lazily (PGlite's first queries) has settled by then.
		await sleep(3 * SECOND);
		const rss = rssOf(server.server().pid);
		log(`  RSS at start ${mb(rss)} MB`);
		return rss;
	});
}

// ---------------------------------------------------------------------------------------------

/** Runs a part, turning an error into a failed (or not-available) result. */
async function attempt<T extends { status: string; note?: string }>(
	label: string,
	log: (line: string) => void,
	run: () => Promise<T>,
	blank: () => T
): Promise<T> {
	log(`${label}`);
	try {
		return await run();
	} catch (error) {
		const result = blank();
		result.status = error instanceof NotAvailable ? 'not-available' : 'failed';
		result.note = message(error);
		log(`  ${result.status}: ${result.note.split('\n')[0]}`);
		return result;
	}
}

const METHOD = `Issue 13's workload, in one invocation: Converge on PostgreSQL (a new database on the
server \`DATABASE_URL\` names; not measured without it), Converge on PGlite (a fresh temporary
directory) and Hocuspocus under the same load. Every server runs in a child process
(bench/targets/), fresh for each part; all clients run in the bench process over bare sockets
(bench/raw-socket.ts), without compression.

- **The room.** Each workshop has 200 ideas on its board (\`--ideas\`) and is set as a facilitator
  sets it: scoring phase, the matrix enabled, neither blind nor anonymous, revealed, so every vote
  appears in the tally's \`individual\` map. Every **voter** holds the four sockets the room opens
  (src/lib/sync/workshop.svelte.ts): the board with presence (an awareness state, renewed every
  15 s), the control document, their own ballot (where they write) and the tally. Their sockets
  count what they receive without decoding it. Every **observer** is a viewer holding full
  replicas of the board, the control document and the tally: it applies every update to a Y.Doc
  and, for each vote that appears in the tally's \`individual\` map, records the time since it was
  sent. Before measuring, each voter fills its ballot (every idea in the workshops and in the
  idle room; 10 ideas each in the big rooms, so every idea has 25–50 scores), and the run waits
  until the observers' tallies hold all of it.
- **A vote** sets one matrix entry in the voter's ballot; its sequence number travels in the entry
  (value = seq mod 101, effort = ⌊seq / 101⌋). Vote-visible latency runs from the write to the
  observer applying the tally update that carries it; lost = votes × observers − votes seen by
  the end of the drain.
- **The peer.** Hocuspocus (the installed version, \`new Server()\` with no extensions, so no
  storage) holds the analogous documents: one per workshop board (with awareness), one control,
  one per ballot, one tally per workshop. It derives nothing: the voter writes its vote to its
  ballot and, in the same tick, the tally's \`individual\` entry
  \`matrix|<ideaId>|<userId>\` → \`{ name, function, entry }\` that Converge's server would derive.
  So the peer relays exactly what changed, with no aggregates, rankings or consensus: the floor
  a server-derived tally can approach. Same sockets, same observers, same schedule.
- **floor** (targets 1 and 4): one room of 10 voters and 3 observers, idle; one vote at a time
  (20 in quick mode, 100 otherwise), each after the previous one was seen by every observer and
  300 ms of quiet. p50/p99 of vote → tally at the observers; the bytes each receiving socket (the
  other voters' and the observers') got for the vote, mean per socket of each kind, median over
  votes; and, from observer 0's tally, which maps changed: entries per vote and the JSON size of
  their keys and values, with the \`aggregates\` values split by field.
- **workshops** (target 2): 50 workshops × 10 voters, one observer each; every voter votes once a
  second at a seeded random phase for the duration. Vote-visible p50/p99, lost, **server CPU per
  vote** (CPU time of the server over the writes and drain ÷ votes, from /proc), **join** (from
  opening a voter's four sockets to the last one's first sync; 10 voters join at a time) and the
  server's RSS: **per active workshop** = (RSS peak over the joins and the load − RSS once the
  rooms held their ideas and nobody had joined) ÷ 50. PGlite's RSS also falls on its own after
  start, which can make its difference small or negative.
- **big** (target 3): one workshop × 500 and × 1,000 voters, 10 observers (3 in quick mode), the
  same schedule. **Per connected participant** = the same difference ÷ voters.
- **cold** (target 5): one workshop of 300 ideas and 40 voters with every framework enabled and
  revealed, the ballots filled from the seeded sample workshop
  (src/lib/model/frameworks/sample-workshop.ts); once the tally settled, Converge is restarted on
  the same database and one voter opens the four documents as full replicas: time to the last
  first sync, and bytes downloaded (all four, and the tally's share); then a second voter (the
  server now warm). The peer has no storage and so is not restarted: its figures are warm ones.
- **memory** (target 6): RSS of each server 3 s after it started on a fresh database with nothing
  seeded.

Latency depends on other work on the machine far more than server CPU per vote does; the tables
give the other work seen during the writes (cores busy with anything but the bench and its
server).`;

function checks(
	floors: FloorResult[],
	loads: LoadResult[],
	colds: ColdResult[],
	memory: Map<TallyTarget, number>
): Check[] {
	const all: Check[] = [];
	const peer = <T extends { target: TallyTarget }>(
		results: T[],
		more: (r: T) => boolean = () => true
	) => results.find((r) => r.target === 'hocuspocus' && more(r));
	const ok = (r: { status: string } | undefined) => r !== undefined && r.status === 'ok';
	const converge = TALLY_TARGETS.filter((t) => t !== 'hocuspocus');
	for (const target of converge) {
		const label = TALLY_LABELS[target];
		const floor = floors.find((r) => r.target === target);
		const floorPeer = peer(floors);
		const peerNote = (text: string) => (ok(floorPeer) ? `; Hocuspocus ${text}` : '');
		all.push({
			target: `${label}: a one-vote batch with 200 ideas sends ≤ 2 KB per receiving socket (issue 13, 1)`,
			holds: ok(floor) ? floor!.perSocket.tally.p50 <= 2048 : null,
			evidence: ok(floor)
				? `tally socket ${floor!.perSocket.tally.p50.toFixed(0)} B per vote (median; mean ${floor!.tallyMean.toFixed(0)}, max ${floor!.perSocket.tally.max.toFixed(0)})` +
					peerNote(`${floorPeer?.perSocket.tally.p50.toFixed(0)} B`)
				: (floor?.note ?? 'not run')
		});
		const workshops = loads.find((r) => r.target === target && r.workshops > 1);
		const workshopsPeer = peer(loads, (r) => r.workshops > 1);
		all.push({
			target: `${label}: 50 workshops × 10 voters: vote-visible p99 within 2× of Hocuspocus' and CPU per vote ≤ Hocuspocus' (issue 13, 2)`,
			holds:
				ok(workshops) && ok(workshopsPeer)
					? workshops!.lost === 0 &&
						workshops!.latency.p99 <= 2 * workshopsPeer!.latency.p99 &&
						workshops!.cpuPerVoteUs <= workshopsPeer!.cpuPerVoteUs
					: null,
			evidence: ok(workshops)
				? `p99 ${ms(workshops!.latency.p99)} ms, ${workshops!.cpuPerVoteUs.toFixed(0)} µs/vote, lost ${workshops!.lost}` +
					(ok(workshopsPeer)
						? `; Hocuspocus p99 ${ms(workshopsPeer!.latency.p99)} ms, ${workshopsPeer!.cpuPerVoteUs.toFixed(0)} µs/vote`
						: '')
				: (workshops?.note ?? 'not run')
		});
		all.push({
			target: `${label}: 50 workshops × 10 voters: join p99 ≤ 100 ms for the four documents (issue 13, 2)`,
			holds: ok(workshops) ? workshops!.joins.p99 <= 100 : null,
			evidence: ok(workshops)
				? `join p99 ${ms(workshops!.joins.p99)} ms` +
					(ok(workshopsPeer) ? `; Hocuspocus ${ms(workshopsPeer!.joins.p99)} ms` : '')
				: (workshops?.note ?? 'not run')
		});
		for (const n of [500, 1000]) {
			const big = loads.find((r) => r.target === target && r.workshops === 1 && r.voters === n);
			const bigPeer = peer(loads, (r) => r.workshops === 1 && r.voters === n);
			all.push({
				target: `${label}: one workshop × ${n} voters: p99 below Hocuspocus', none lost (issue 13, 3)`,
				holds:
					ok(big) && ok(bigPeer)
						? big!.lost === 0 && big!.latency.p99 < bigPeer!.latency.p99
						: null,
				evidence: ok(big)
					? `p99 ${ms(big!.latency.p99)} ms, lost ${big!.lost}/${big!.expected}` +
						(ok(bigPeer)
							? `; Hocuspocus p99 ${ms(bigPeer!.latency.p99)} ms, lost ${bigPeer!.lost}`
							: '')
					: (big?.note ?? 'not run')
			});
		}
		all.push({
			target: `${label}: vote → tally p50 ≤ 15 ms in an idle room of 10 (issue 13, 4)`,
			holds: ok(floor) ? floor!.latency.p50 <= 15 : null,
			evidence: ok(floor)
				? `p50 ${ms(floor!.latency.p50)} ms` + peerNote(`${ms(floorPeer?.latency.p50 ?? NaN)} ms`)
				: (floor?.note ?? 'not run')
		});
		const cold = colds.find((r) => r.target === target);
		const coldPeer = peer(colds);
		all.push({
			target: `${label}: 300 ideas × 40 voters, every framework, after a restart: first sync ≤ 300 ms, ≤ 1 MB (issue 13, 5)`,
			holds: ok(cold) ? cold!.firstSyncMs <= 300 && cold!.bytes <= 1e6 : null,
			evidence: ok(cold)
				? `${ms(cold!.firstSyncMs)} ms, ${(cold!.bytes / 1e6).toFixed(2)} MB` +
					(ok(coldPeer)
						? `; Hocuspocus (warm, no storage) ${ms(coldPeer!.firstSyncMs)} ms, ${(coldPeer!.bytes / 1e6).toFixed(2)} MB`
						: '')
				: (cold?.note ?? 'not run')
		});
		if (target === 'converge-postgres') {
			const big = loads.find((r) => r.target === target && r.workshops === 1 && r.voters === 1000);
			const perWorkshop = ok(workshops)
				? (workshops!.rssPeak - workshops!.rssStart) / workshops!.workshops
				: NaN;
			const perParticipant = ok(big) ? (big!.rssPeak - big!.rssStart) / big!.voters : NaN;
			const peerWorkshops = ok(workshopsPeer)
				? (workshopsPeer!.rssPeak - workshopsPeer!.rssStart) / workshopsPeer!.workshops
				: NaN;
			all.push({
				target: `${label}: ≤ 0.5 MiB of server memory per active workshop of 10, ≤ 50 KiB per connected participant (issue 13, 6)`,
				holds:
					Number.isFinite(perWorkshop) && Number.isFinite(perParticipant)
						? perWorkshop <= 0.5 * MIB && perParticipant <= 50 * KIB
						: null,
				evidence:
					!ok(workshops) && !ok(big)
						? 'not run'
						: `${kib(perWorkshop)} KiB per workshop, ${kib(perParticipant)} KiB per participant (1,000)` +
							(Number.isFinite(peerWorkshops)
								? `; Hocuspocus ${kib(peerWorkshops)} KiB per workshop`
								: '')
			});
		}
	}
	const fresh = memory.get('converge-pglite');
	all.push({
		target: 'Converge (PGlite): RSS at start on a fresh directory ≤ 350 MB (issue 13, 6)',
		holds: fresh === undefined ? null : fresh <= 350e6,
		evidence:
			fresh === undefined
				? 'not run'
				: `${mb(fresh)} MiB` +
					(memory.has('converge-postgres')
						? `; on PostgreSQL ${mb(memory.get('converge-postgres')!)} MiB`
						: '') +
					(memory.has('hocuspocus') ? `; Hocuspocus ${mb(memory.get('hocuspocus')!)} MiB` : '')
	});
	return all;
}

const failed = (r: { status: string; note?: string }) =>
	r.status === 'ok'
		? null
		: `${r.status === 'not-available' ? 'not available' : 'failed'}: ${r.note?.split('\n')[0]}`;

function floorRows(floors: FloorResult[]) {
	const header = [
		'Target',
		'Votes',
		'Lost',
		'Vote → tally p50 ms',
		'p99 ms',
		'Tally socket B per vote (median / mean / max)',
		'Board, control, ballot B per vote',
		'Aggregates rewritten per vote (median / max)',
		'Changed per vote: entries (JSON bytes) by tally map',
		'Aggregates bytes by field'
	];
	const rows = floors.map((r) => {
		const why = failed(r);
		if (why) return [TALLY_LABELS[r.target], why, ...header.slice(2).map(() => '')];
		return [
			TALLY_LABELS[r.target],
			String(r.votes),
			String(r.lost),
			ms(r.latency.p50),
			ms(r.latency.p99),
			`${r.perSocket.tally.p50.toFixed(0)} / ${r.tallyMean.toFixed(0)} / ${r.perSocket.tally.max.toFixed(0)}`,
			(['board', 'control', 'ballot'] as const)
				.map((k) => r.perSocket[k].p50.toFixed(0))
				.join(', '),
			`${r.aggregatesPerVote.p50} / ${r.aggregatesPerVote.max}`,
			r.maps
				.map(([name, t]) => `${name} ${t.entries.toFixed(1)} (${t.bytes.toFixed(0)})`)
				.join(', '),
			r.fields
				.slice(0, 6)
				.map(([field, bytes]) => `${field} ${bytes.toFixed(0)}`)
				.join(', ')
		];
	});
	return { header, rows };
}

function loadRows(loads: LoadResult[]) {
	const header = [
		'Target',
		'Workshops × voters',
		'Votes',
		'Seen / expected',
		'p50 ms',
		'p99 ms',
		'Server CPU µs per vote',
		'Server CPU % (mean / peak)',
		'Join p50 / p99 ms',
		'Tally KiB/s per voter',
		'RSS MiB (rooms ready / peak)',
		'Per workshop KiB',
		'Per voter KiB',
		'Bench CPU %',
		'Other work, cores'
	];
	const rows = loads.map((r) => {
		const label = TALLY_LABELS[r.target];
		const size = `${r.workshops} × ${r.voters}`;
		const why = failed(r);
		if (why) return [label, size, why, ...header.slice(3).map(() => '')];
		const grown = r.rssPeak - r.rssStart;
		return [
			label,
			size,
			String(r.writes),
			`${r.received}/${r.expected}`,
			ms(r.latency.p50),
			ms(r.latency.p99),
			r.cpuPerVoteUs.toFixed(0),
			`${r.serverCpuPercent.toFixed(0)} / ${r.serverCpuPeakPercent.toFixed(0)}`,
			`${ms(r.joins.p50)} / ${ms(r.joins.p99)}`,
			kib(r.tallyBytesPerVoterPerS),
			`${mb(r.rssStart)} / ${mb(r.rssPeak)}`,
			kib(grown / r.workshops),
			kib(grown / (r.workshops * r.voters)),
			r.clientCpuPercent.toFixed(0),
			r.otherCores.toFixed(2)
		];
	});
	return { header, rows };
}

function coldRows(colds: ColdResult[]) {
	const header = [
		'Target',
		'Restarted',
		'First sync ms (four documents)',
		'Downloaded MB',
		'Tally MB',
		'Individual entries',
		'RSS after restart MiB',
		'Next member ms, MB'
	];
	const rows = colds.map((r) => {
		const why = failed(r);
		if (why) return [TALLY_LABELS[r.target], why, ...header.slice(2).map(() => '')];
		return [
			TALLY_LABELS[r.target],
			r.restarted ? 'yes' : 'no (no storage)',
			ms(r.firstSyncMs),
			(r.bytes / 1e6).toFixed(2),
			(r.tallyBytes / 1e6).toFixed(2),
			String(r.individualEntries),
			mb(r.rssAtRestart),
			`${ms(r.warmSyncMs)}, ${(r.warmBytes / 1e6).toFixed(2)}`
		];
	});
	return { header, rows };
}

export const tallyLoadBench: Bench = {
	id: 'tally-load',
	async run(options) {
		const settings = parse(options);
		const { log } = options;
		const floors: FloorResult[] = [];
		const loads: LoadResult[] = [];
		const colds: ColdResult[] = [];
		const memory = new Map<TallyTarget, number>();
		for (const part of settings.parts) {
			for (const target of settings.targets) {
				const label = `${part}: ${TALLY_LABELS[target]}`;
				if (part === 'floor') {
					floors.push(
						await attempt(
							label,
							log,
							() => runFloor(target, settings, log),
							() => blankFloor(target)
						)
					);
				} else if (part === 'workshops') {
					const shape = {
						workshops: settings.workshops,
						voters: 10,
						observers: 1,
						prefill: settings.ideas
					};
					loads.push(
						await attempt(
							label,
							log,
							() => runLoad(target, shape, settings, log),
							() => blankLoad(target, shape)
						)
					);
				} else if (part === 'big') {
					for (const n of settings.bigRooms) {
						const shape = {
							workshops: 1,
							voters: n,
							observers: settings.bigObservers,
							prefill: 10
						};
						loads.push(
							await attempt(
								`${label}, ${n} voters`,
								log,
								() => runLoad(target, shape, settings, log),
								() => blankLoad(target, shape)
							)
						);
					}
				} else if (part === 'cold') {
					colds.push(
						await attempt(
							label,
							log,
							() => runCold(target, settings, log),
							() => blankCold(target)
						)
					);
				} else {
					const result = await attempt(
						label,
						log,
						async () => ({ status: 'ok', rss: await runMemory(target, log) }),
						() => ({ status: 'failed', rss: NaN })
					);
					if (result.status === 'ok') memory.set(target, result.rss);
				}
			}
		}
		const settingsLine =
			`${settings.ideas} ideas; votes once every ${settings.intervalMs} ms for ${settings.durationS} s, ` +
			`drain ${settings.drainS} s, seed ${settings.seed}` +
			(settings.quick ? ' (quick mode)' : '') +
			'.';
		const tables = [
			{
				title: 'One-vote batches in an idle room of 10 (floor)',
				...floorRows(floors),
				used: floors.length
			},
			{ title: 'Under load (workshops, big)', ...loadRows(loads), used: loads.length },
			{
				title: 'Cold load: 300 ideas × 40 voters, every framework (cold)',
				...coldRows(colds),
				used: colds.length
			}
		].filter((t) => t.used > 0);
		const notes = loads
			.filter((r) => r.status === 'ok' && r.note)
			.map((r) => `- ${TALLY_LABELS[r.target]}, ${r.workshops} × ${r.voters}: ${r.note}`);
		const memoryLine =
			memory.size > 0
				? `RSS at start on a fresh database (memory): ${[...memory]
						.map(([t, rss]) => `${TALLY_LABELS[t]} ${mb(rss)} MiB`)
						.join(', ')}.`
				: '';
		return {
			title: 'Tally load: realistic rooms beside Hocuspocus (issue 13)',
			method: METHOD,
			results: [
				settingsLine,
				'',
				...tables.flatMap((t) => [`**${t.title}**`, '', markdownTable(t.header, t.rows), '']),
				...notes,
				'',
				memoryLine
			].join('\n'),
			summary: [
				settingsLine,
				...tables.flatMap((t) => [t.title, textTable(t.header, t.rows), '']),
				...notes,
				memoryLine
			].join('\n'),
			checks: checks(floors, loads, colds, memory)
		};
	}
};

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mulberry32 } from '../src/lib/model/random.ts';
import * as Y from 'yjs';
import { sampleMachine, waitForQuiet } from './machine.ts';
import { sampleProcess, type ProcessUsage } from './process-stats.ts';
import type { RawSocket } from './raw-socket.ts';
import { summarize, type Summary } from './stats.ts';
import { openReplica, openSink, openWriter } from './sync-clients.ts';
import {
	NotAvailable,
	startScenario,
	TARGET_LABELS,
	withTimeout,
	type Scenario,
	type TargetId
} from './sync-targets.ts';

/**
 * One room, N participants each changing one score once per interval (staggered: each starts
 * at a random phase), against one server in a child process. Every participant holds a socket
 * that receives everything but only counts it; K observers apply every update to a Y.Doc and
 * record, for each write they see, the time since it was sent. Send and receive times come from
 * the same clock (performance.now() in this process).
 */
export interface SyncLoadOptions {
	writers: number;
	observers: number;
	durationS: number;
	intervalMs: number;
	ideas: number;
	/** How long to wait for late deliveries after the last write. */
	drainS: number;
	seed: number;
	/** Before writing, wait at most this long for the (shared) machine to be idle. */
	quietWaitS: number;
}

/** How a load run's writes reached its observers (also bench/tally-load.ts's). */
export interface Delivery {
	status: 'ok' | 'not-available' | 'failed';
	note?: string;
	writes: number;
	/** writes × observers */
	expected: number;
	received: number;
	lost: number;
	/** Milliseconds from a write being sent to it being applied at an observer. */
	latency: Summary;
}

export interface SyncLoadResult extends Delivery {
	target: TargetId;
	label: string;
	options: SyncLoadOptions;
	/** What the participants' count-only sockets received from the first write to the drain. */
	fanout: { messages: number; bytes: number };
	/** Seconds from the first write to the end of the drain: the window of the rates and CPU. */
	windowS: number;
	server?: ProcessUsage;
	client: { cpuPercent: number; loopDelayP99Ms: number; sendLagP99Ms: number };
	/** Cores busy with other work than this bench and its server: before, and during the writes. */
	otherCores: { before: number; during: number };
	connectSeconds: number;
	/** Which attempt this was (disturbed runs are repeated). */
	attempts: number;
}

const SECOND = 1000;
const CONNECT_BATCH = 20;
const LOOP_RESOLUTION_MS = 5;
/** A server that needs longer than this to exit once its clients left is worth a note. */
const SLOW_EXIT_MS = 5 * SECOND;

function emptyResult(target: TargetId, options: SyncLoadOptions): SyncLoadResult {
	return {
		target,
		label: TARGET_LABELS[target],
		options,
		status: 'ok',
		writes: 0,
		expected: 0,
		received: 0,
		lost: 0,
		latency: summarize([]),
		fanout: { messages: 0, bytes: 0 },
		windowS: 0,
		client: { cpuPercent: 0, loopDelayP99Ms: 0, sendLagP99Ms: 0 },
		otherCores: { before: NaN, during: NaN },
		connectSeconds: 0,
		attempts: 1
	};
}

export async function runSyncLoad(
	target: TargetId,
	options: SyncLoadOptions,
	log: (line: string) => void = () => {}
): Promise<SyncLoadResult> {
	const result = emptyResult(target, options);
	let scenario: Scenario | undefined;
	const sockets: RawSocket[] = [];
	try {
		log(`starting ${target} (N=${options.writers})`);
		scenario = await startScenario(target, options);
		await load(scenario, options, result, sockets, log);
	} catch (error) {
		result.status = error instanceof NotAvailable ? 'not-available' : 'failed';
		result.note = error instanceof Error ? error.message : String(error);
		if (result.status === 'failed' && scenario) {
			result.note += `\n--- server output (tail) ---\n${scenario.server.output().slice(-2000)}`;
		}
	} finally {
		await Promise.all(sockets.map((socket) => socket.close(500)));
		const stopped = await scenario?.stop();
		if (stopped?.killed) {
			const note = `the server did not exit within ${(stopped.ms / 1000).toFixed(0)} s of SIGTERM`;
			result.note = result.note ? `${result.note}; ${note}` : note;
			log(`  ${note}`);
		} else if (stopped) {
			log(`  server stopped in ${(stopped.ms / 1000).toFixed(1)} s`);
			if (stopped.ms > SLOW_EXIT_MS) {
				const note = `the server took ${(stopped.ms / 1000).toFixed(0)} s to exit after SIGTERM`;
				result.note = result.note ? `${result.note}; ${note}` : note;
			}
		}
	}
	return result;
}

async function load(
	scenario: Scenario,
	options: SyncLoadOptions,
	result: SyncLoadResult,
	sockets: RawSocket[],
	log: (line: string) => void
) {
	const { writers: n, observers: k, durationS, intervalMs } = options;
	const writesEach = Math.max(1, Math.round((durationS * SECOND) / intervalMs));
	const connectStart = performance.now();
	const { ideaIds, release } = await scenario.setup(options.ideas);

	// Observers: full replicas; each keeps, per writer, the highest sequence number it has seen.
	const index = new Map(scenario.writerIds.map((id, i) => [id, i]));
	const sentAt = Array.from({ length: n }, () => new Float64Array(writesEach).fill(NaN));
	const latencies: number[] = [];
	let received = 0;
	const observerDocs: Y.Doc[] = [];
	for (let j = 0; j < k; j++) {
		const doc = new Y.Doc();
		const lastSeen = new Int32Array(n).fill(-1);
		scenario.watch(doc, (writerId, seq) => {
			const i = index.get(writerId);
			if (i === undefined || seq <= lastSeen[i] || seq >= writesEach) return;
			lastSeen[i] = seq;
			const sent = sentAt[i][seq];
			if (Number.isNaN(sent)) return;
			latencies.push(performance.now() - sent);
			received++;
		});
		const replica = await openReplica(scenario.observer(j), doc, true);
		sockets.push(replica.socket);
		await withTimeout(replica.synced, 30 * SECOND, `observer ${j} to sync`);
		observerDocs.push(doc);
	}
	await release();
	if (scenario.probe) await scenario.probe(observerDocs[0], ideaIds);

	// Participants, connected a batch at a time.
	const writerDocs: Y.Doc[] = [];
	const writerSockets: RawSocket[] = [];
	for (let start = 0; start < n; start += CONNECT_BATCH) {
		const batch = Array.from({ length: Math.min(CONNECT_BATCH, n - start) }, (_, b) => start + b);
		await Promise.all(
			batch.map(async (i) => {
				const { write, sinks } = scenario.writer(i);
				const doc = new Y.Doc();
				const writer = await openWriter(write, doc);
				sockets.push(writer.socket);
				writerSockets.push(writer.socket);
				writerDocs[i] = doc;
				const opened = [writer.socket.firstMessage];
				for (const sink of sinks) {
					const socket = await openSink(sink);
					sockets.push(socket);
					writerSockets.push(socket);
					opened.push(socket.firstMessage);
				}
				await withTimeout(Promise.all(opened), 60 * SECOND, `participant ${i} to connect`);
			})
		);
		if (performance.now() - connectStart > 300 * SECOND) {
			throw new Error(`connecting ${n} participants took over 300 s`);
		}
	}
	result.connectSeconds = (performance.now() - connectStart) / SECOND;
	log(`  connected in ${result.connectSeconds.toFixed(1)} s`);
	// Let the joins' sync traffic settle, and other work on the machine finish, before measuring.
	await new Promise((resolve) => setTimeout(resolve, 2 * SECOND));
	if (options.quietWaitS > 0) log(`  waiting up to ${options.quietWaitS} s for an idle machine`);
	result.otherCores.before = await waitForQuiet(options.quietWaitS);

	// The schedule: writer i writes at phase_i + s × interval, s = 0 … writesEach − 1.
	const random = mulberry32(options.seed);
	const schedule: { at: number; writer: number; seq: number }[] = [];
	for (let i = 0; i < n; i++) {
		const phase = random() * intervalMs;
		for (let seq = 0; seq < writesEach; seq++) {
			schedule.push({ at: phase + seq * intervalMs, writer: i, seq });
		}
	}
	schedule.sort((a, b) => a.at - b.at);
	const ideaOf = (i: number) => ideaIds[i % ideaIds.length];

	const fanoutBefore = totals(writerSockets);
	const server = sampleProcess(scenario.server.pid);
	const machine = sampleMachine();
	const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
	loop.enable();
	const cpuBefore = process.cpuUsage();
	const wallBefore = performance.now();
	const sendLag: number[] = [];
	const origin = performance.now() + 100;
	await new Promise<void>((resolve) => {
		let next = 0;
		const tick = () => {
			const now = performance.now();
			while (next < schedule.length && origin + schedule[next].at <= now) {
				const { at, writer, seq } = schedule[next++];
				const sent = performance.now();
				sendLag.push(sent - (origin + at));
				sentAt[writer][seq] = sent;
				scenario.change(writerDocs[writer], scenario.writerIds[writer], ideaOf(writer), seq);
			}
			if (next >= schedule.length) return resolve();
			setTimeout(tick, Math.max(0, origin + schedule[next].at - performance.now()));
		};
		tick();
	});
	const expected = schedule.length * k;
	const drainUntil = performance.now() + options.drainS * SECOND;
	while (received < expected && performance.now() < drainUntil) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	const cpu = process.cpuUsage(cpuBefore);
	const wallMs = performance.now() - wallBefore;
	loop.disable();
	result.server = server.stop();
	const busy = machine.stop().busyCores;
	const fanoutAfter = totals(writerSockets);

	result.windowS = wallMs / SECOND;
	result.writes = schedule.length;
	result.expected = expected;
	result.received = received;
	result.lost = expected - received;
	result.latency = summarize(latencies);
	result.fanout = {
		messages: fanoutAfter.messages - fanoutBefore.messages,
		bytes: fanoutAfter.bytes - fanoutBefore.bytes
	};
	result.client = {
		cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
		// The histogram records whole timer periods; what exceeds the period is the delay.
		loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
		sendLagP99Ms: summarize(sendLag).p99
	};
	result.otherCores.during = Math.max(
		0,
		busy - result.server.cpuPercent / 100 - result.client.cpuPercent / 100
	);
	log(
		`  p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, ` +
			`lost ${result.lost}/${expected}; server CPU ${result.server.cpuPercent.toFixed(0)} %, ` +
			`other work on the machine ${result.otherCores.during.toFixed(2)} cores`
	);
}

function totals(sockets: RawSocket[]) {
	let messages = 0;
	let bytes = 0;
	for (const socket of sockets) {
		messages += socket.messages;
		bytes += socket.bytes;
	}
	return { messages, bytes };
}

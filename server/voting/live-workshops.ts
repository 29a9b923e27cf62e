import * as Y from 'yjs';
import { readIdeas } from '../../src/lib/model/board.ts';
import { readRawBallot, readRejections, rejectedMap } from '../../src/lib/model/ballot.ts';
import { functionsHidden, readSettings } from '../../src/lib/model/control.ts';
import { isVoter } from '../../src/lib/model/members.ts';
import {
	applyTimerAction,
	readGate,
	readTimer,
	type Gate,
	type Timer,
	type TimerAction
} from '../../src/lib/model/session.ts';
import type { Derive, RawBallot, TallyContents } from '../../src/lib/model/tally-derivation.ts';
import type { Queryable } from '../db/connection.ts';
import { listMembers, type Member } from '../db/workshops.ts';
import { documentName, parseDocumentName } from '../sync/documents.ts';
import { presenceRedaction } from '../sync/presence.ts';
import type { Room } from '../sync/room.ts';
import type { Rooms } from '../sync/rooms.ts';

export interface LiveWorkshopsOptions {
	db: Queryable;
	rooms: Rooms;
	/**
	 * The store's group commit: null when every accepted change is committed, else resolves once
	 * those accepted so far are. The tally counts a ballot change only then ([VD1]).
	 */
	whenCommitted: () => Promise<void> | null;
	/** Makes the tally derivation of one workshop, kept while the workshop is active. */
	derivation: () => Derive;
	/** How long ballot changes are gathered before the tally is derived again. */
	batchMs?: number;
	/** Told when a workshop's phase or lock changed, so connections can be re-authorised. */
	onGateChange?: (workshopId: string, gate: Gate) => void;
	/** Told when the phase changed, to save a version of the workshop as it entered it. */
	onPhaseChange?: (workshopId: string, gate: Gate) => void;
	log?: (message: string, details?: Record<string, unknown>) => void;
}

interface Workshop {
	id: string;
	connections: number;
	board: Room;
	control: Room;
	tally: Room;
	ballots: Map<string, Room>;
	/**
	 * Each voter's ballot as committed: the changes of their ballot room whose group commit has
	 * completed, and nothing else. The tally is derived from these, so nothing it shows can be
	 * lost in a crash ([VD1]).
	 */
	committed: Map<string, Y.Doc>;
	/** Resolves once the ballot changes accepted so far are in `committed`. */
	committing: Promise<void>;
	/** Each voter's ballot as last read, and the voters whose ballot changed since. */
	read: Map<string, RawBallot['entries']>;
	stale: Set<string>;
	derive: Derive;
	members: Member[];
	timer?: NodeJS.Timeout;
	running?: Promise<void>;
	dirty: boolean;
	/** What the tally holds, to write only what changed. */
	written: Written;
	ready: Promise<void>;
	gate: Gate;
	/** Locks the session when the countdown ends, if the facilitator asked for it. */
	autoLock?: NodeJS.Timeout;
}

/**
 * The workshops someone is connected to, held in memory: their board, control, tally and every
 * voter's ballot. Derives each one's `tally` from the ballots in batches (any number of ballot
 * changes within `batchMs` cost one derivation and one tally update, so a room of N voters costs
 * O(N) deliveries per batch), watches the phase and lock, and runs the countdown on the server's
 * clock.
 */
export class LiveWorkshops {
	readonly #workshops = new Map<string, Workshop>();
	readonly #listeners = new Map<string, Set<() => void>>();
	readonly #options: LiveWorkshopsOptions;

	constructor(options: LiveWorkshopsOptions) {
		this.#options = options;
	}

	/** A connection to one of the workshop's documents opened. */
	async connected(workshopId: string, userId: string): Promise<void> {
		let workshop = this.#workshops.get(workshopId);
		if (!workshop) {
			workshop = this.#activate(workshopId);
			this.#workshops.set(workshopId, workshop);
		}
		workshop.connections++;
		await workshop.ready;
		// Share links are not members; anyone else unknown has just joined.
		const known = userId.startsWith('share:') || workshop.members.some((m) => m.userId === userId);
		if (!known) await this.#refreshMembers(workshop);
	}

	/**
	 * Who takes part changed without a connection of theirs opening (a proxy person added, someone
	 * removed or given another role): read the members again, so counts and ballots follow.
	 */
	async membersChanged(workshopId: string): Promise<void> {
		const workshop = this.#workshops.get(workshopId);
		if (!workshop) return;
		await workshop.ready;
		await this.#refreshMembers(workshop);
	}

	/** A connection closed; the last one lets the workshop's documents go. */
	async disconnected(workshopId: string): Promise<void> {
		const workshop = this.#workshops.get(workshopId);
		if (!workshop) return;
		workshop.connections--;
		if (workshop.connections > 0) return;
		await workshop.ready;
		await this.#settle(workshop);
		if (workshop.connections > 0) return;
		this.#workshops.delete(workshopId);
		clearTimeout(workshop.autoLock);
		const { rooms } = this.#options;
		await Promise.all(
			[workshop.board, workshop.control, workshop.tally, ...workshop.ballots.values()].map((r) =>
				rooms.release(r)
			)
		);
	}

	/** Called by the rooms for every accepted change, once it is queued for the group commit. */
	changed(name: string, update: Uint8Array): void {
		const address = parseDocumentName(name);
		if (!address || address.kind === 'tally') return;
		const workshop = this.#workshops.get(address.workshopId);
		if (!workshop) return;
		if (address.kind === 'ballot') {
			const owner = address.owner ?? '';
			const ballot = workshop.committed.get(owner);
			// A ballot not acquired yet is read whole when it is (#refreshMembers).
			if (ballot) this.#onceCommitted(workshop, owner, ballot, update);
			return;
		}
		this.#schedule(workshop);
		if (address.kind === 'control' && workshop.control) {
			this.#checkGate(workshop);
			this.#checkPresence(workshop);
		}
	}

	/**
	 * While functions are hidden, presence leaves the server without function or colour ([F1]);
	 * while a framework's votes are hidden, without cursors over it ([S4]).
	 */
	#checkPresence(workshop: Workshop) {
		const settings = readSettings(workshop.control.doc);
		workshop.board.redactPresence = presenceRedaction(settings, functionsHidden(settings));
	}

	/**
	 * Calls `listener` after each new derivation of the workshop's tally (so after any change to its
	 * board, control or ballots), while the workshop is active. Returns the unsubscribe function.
	 */
	subscribe(workshopId: string, listener: () => void): () => void {
		let listeners = this.#listeners.get(workshopId);
		if (!listeners) this.#listeners.set(workshopId, (listeners = new Set()));
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
			if (listeners.size === 0) this.#listeners.delete(workshopId);
		};
	}

	/** The phase and lock of an active workshop (call after `connected`). */
	gate(workshopId: string): Gate | undefined {
		return this.#workshops.get(workshopId)?.gate;
	}

	/**
	 * Applies a facilitator's timer action on the server's clock and stores the result in the
	 * control document, where every client reads it.
	 */
	async timer(workshopId: string, command: TimerAction, now = Date.now()): Promise<Timer> {
		const room = await this.#options.rooms.acquire(documentName({ kind: 'control', workshopId }));
		try {
			const next = applyTimerAction(readTimer(room.doc), command, now);
			room.doc.transact(() => room.doc.getMap('timer').set('state', next), SERVER);
			const workshop = this.#workshops.get(workshopId);
			if (workshop) this.#armAutoLock(workshop, next, now);
			return next;
		} finally {
			await this.#options.rooms.release(room);
		}
	}

	#armAutoLock(workshop: Workshop, timer: Timer, now: number) {
		clearTimeout(workshop.autoLock);
		workshop.autoLock = undefined;
		if (timer.status !== 'running' || timer.endsAt === null) return;
		const endsAt = timer.endsAt;
		workshop.autoLock = setTimeout(() => {
			const control = workshop.control.doc;
			const current = readTimer(control);
			if (current.status !== 'running' || current.endsAt !== endsAt) return;
			control.transact(() => {
				control.getMap('timer').set('state', { ...current, status: 'done', endsAt: null });
				if (current.autoLock) control.getMap('settings').set('locked', true);
			}, SERVER);
		}, endsAt - now);
		workshop.autoLock.unref();
	}

	#checkGate(workshop: Workshop) {
		const gate = readGate(workshop.control.doc);
		const before = workshop.gate;
		workshop.gate = gate;
		if (
			before.phase !== gate.phase ||
			before.locked !== gate.locked ||
			before.ideasWhileScoring !== gate.ideasWhileScoring
		) {
			this.#options.onGateChange?.(workshop.id, gate);
		}
		if (before.phase !== gate.phase) this.#options.onPhaseChange?.(workshop.id, gate);
	}

	/** Resolves once every scheduled derivation has been written. */
	async settled(): Promise<void> {
		await Promise.all(
			[...this.#workshops.values()].map((w) => w.ready.then(() => this.#settle(w)))
		);
	}

	#activate(id: string): Workshop {
		const { rooms } = this.#options;
		const workshop = {
			id,
			connections: 0,
			ballots: new Map(),
			committed: new Map(),
			committing: Promise.resolve(),
			read: new Map(),
			stale: new Set(),
			derive: this.#options.derivation(),
			members: [],
			dirty: false,
			written: new Map()
		} as unknown as Workshop;
		workshop.ready = (async () => {
			const [board, control, tally] = await Promise.all(
				(['board', 'control', 'tally'] as const).map((kind) =>
					rooms.acquire(documentName({ kind, workshopId: id }))
				)
			);
			Object.assign(workshop, { board, control, tally, gate: readGate(control.doc) });
			workshop.written = readWritten(tally.doc);
			this.#checkPresence(workshop);
			this.#armAutoLock(workshop, readTimer(control.doc), Date.now());
			await this.#refreshMembers(workshop);
		})();
		return workshop;
	}

	async #refreshMembers(workshop: Workshop) {
		workshop.members = await listMembers(this.#options.db, workshop.id);
		const voters = workshop.members.filter((m) => isVoter(m.role));
		await Promise.all(
			voters
				.filter((m) => !workshop.ballots.has(m.userId))
				.map(async (m) => {
					const name = documentName({ kind: 'ballot', workshopId: workshop.id, owner: m.userId });
					const room = await this.#options.rooms.acquire(name);
					workshop.ballots.set(m.userId, room);
					// Everything the room holds was accepted, so it is queued or stored: its changes
					// from now on come through `changed`.
					const ballot = new Y.Doc();
					workshop.committed.set(m.userId, ballot);
					this.#onceCommitted(workshop, m.userId, ballot, Y.encodeStateAsUpdate(room.doc));
				})
		);
		this.#schedule(workshop);
	}

	/** Applies a ballot change to the voter's committed ballot once its group commit completed. */
	#onceCommitted(workshop: Workshop, userId: string, ballot: Y.Doc, update: Uint8Array) {
		const apply = () => {
			Y.applyUpdate(ballot, update);
			workshop.stale.add(userId);
			this.#schedule(workshop);
		};
		const commit = this.#options.whenCommitted();
		if (!commit) return apply();
		// Commits complete in order, so the last wait started is the last to end.
		workshop.committing = commit.then(apply);
	}

	#schedule(workshop: Workshop) {
		workshop.dirty = true;
		workshop.timer ??= setTimeout(() => {
			workshop.timer = undefined;
			void this.#run(workshop);
		}, this.#options.batchMs ?? 50);
	}

	async #settle(workshop: Workshop) {
		await workshop.committing;
		if (workshop.timer) {
			clearTimeout(workshop.timer);
			workshop.timer = undefined;
			await this.#run(workshop);
		}
		await workshop.running;
	}

	#run(workshop: Workshop): Promise<void> {
		const previous = workshop.running ?? Promise.resolve();
		workshop.running = previous.then(async () => {
			await workshop.ready;
			if (!workshop.dirty) return;
			workshop.dirty = false;
			try {
				this.#derive(workshop);
			} catch (error) {
				// What was written is no longer what the derivation last gave: start afresh.
				workshop.derive = this.#options.derivation();
				this.#options.log?.('tally derivation failed', {
					workshop: workshop.id,
					error: String(error)
				});
			}
			for (const listener of this.#listeners.get(workshop.id) ?? []) listener();
		});
		return workshop.running;
	}

	#derive(workshop: Workshop) {
		const voters = workshop.members.filter((m) => isVoter(m.role));
		// Only the ballots that changed are read again, so the derivation sees the others' entries
		// as the same Maps and recomputes only what the changed ones touch.
		const ballots: RawBallot[] = voters.flatMap((member) => {
			const ballot = workshop.committed.get(member.userId);
			if (!ballot) return [];
			let entries = workshop.read.get(member.userId);
			if (!entries || workshop.stale.has(member.userId)) {
				workshop.read.set(member.userId, (entries = readRawBallot(ballot)));
			}
			return [{ member, entries }];
		});
		workshop.stale.clear();
		const contents = workshop.derive({
			ideas: readIdeas(workshop.board.doc),
			settings: readSettings(workshop.control.doc),
			ballots,
			members: workshop.members
		});
		writeTally(workshop.tally.doc, workshop.written, contents);
		for (const [userId, room] of workshop.ballots) {
			writeRejections(room.doc, contents.rejected.get(userId) ?? new Map());
		}
	}
}

const SERVER = 'server';

/** What the tally holds, per map and key: the value last written, and its JSON once computed. */
type Written = Map<string, Map<string, { value: unknown; json?: string }>>;

function readWritten(doc: Y.Doc): Written {
	const written: Written = new Map();
	for (const name of doc.share.keys()) {
		const values = new Map<string, { value: unknown }>();
		doc.getMap(name).forEach((value, key) => values.set(key, { value }));
		written.set(name, values);
	}
	return written;
}

/**
 * Whether two values are the same without serialising them: identical, or plain objects whose
 * properties are identical (an individual entry wraps the same entry object from one derivation to
 * the next while its author does not change it).
 */
function shallowSame(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) || Array.isArray(b)) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/**
 * Brings the tally document to `maps` with one transaction that touches only what changed: the
 * keys listed in `changed` when the derivation lists them, otherwise every key.
 */
function writeTally(doc: Y.Doc, written: Written, { maps, changed }: TallyContents) {
	doc.transact(() => {
		for (const [name, entries] of Object.entries(maps)) {
			const target = doc.getMap(name);
			let cache = written.get(name);
			if (!cache) written.set(name, (cache = new Map()));
			const keys = changed ? (changed[name] ?? []) : entries.keys();
			for (const key of keys) {
				const value = entries.get(key);
				const previous = cache.get(key);
				if (value === undefined) {
					if (previous) {
						target.delete(key);
						cache.delete(key);
					}
					continue;
				}
				if (previous && shallowSame(previous.value, value)) {
					previous.value = value;
					continue;
				}
				const json = JSON.stringify(value);
				if (previous && (previous.json ??= JSON.stringify(previous.value)) === json) {
					previous.value = value;
					continue;
				}
				target.set(key, value);
				cache.set(key, { value, json });
			}
			if (changed) continue;
			for (const key of [...cache.keys()]) {
				if (!entries.has(key)) {
					target.delete(key);
					cache.delete(key);
				}
			}
		}
		// Maps the derivation no longer produces (e.g. individual scores after anonymity was set).
		for (const [name, cache] of written) {
			if (name in maps) continue;
			const target = doc.getMap(name);
			for (const key of cache.keys()) target.delete(key);
			cache.clear();
		}
	}, SERVER);
}

function writeRejections(doc: Y.Doc, rejected: Map<string, string>) {
	const current = readRejections(doc);
	const same =
		current.size === rejected.size && [...rejected].every(([k, v]) => current.get(k) === v);
	if (same) return;
	doc.transact(() => {
		const map = rejectedMap(doc);
		for (const key of current.keys()) if (!rejected.has(key)) map.delete(key);
		for (const [key, reason] of rejected) if (current.get(key) !== reason) map.set(key, reason);
	}, SERVER);
}

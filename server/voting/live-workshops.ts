import * as Y from 'yjs';
import { readIdeas } from '../../src/lib/model/board.ts';
import { readRawBallot } from '../../src/lib/model/ballot.ts';
import { functionsHidden, readSettings } from '../../src/lib/model/control.ts';
import { isVoter } from '../../src/lib/model/members.ts';
import { readGate, type Gate, type Timer, type TimerAction } from '../../src/lib/model/session.ts';
import type { Derive, RawBallot } from '../../src/lib/model/tally-derivation.ts';
import type { Queryable } from '../db/connection.ts';
import { listMembers, type Member } from '../db/workshops.ts';
import { metrics } from '../ops/metrics.ts';
import { documentName, parseDocumentName } from '../sync/documents.ts';
import { presenceRedaction } from '../sync/presence.ts';
import type { Room } from '../sync/room.ts';
import type { Rooms } from '../sync/rooms.ts';
import { applyTimer, Countdown } from './countdown.ts';
import { readWritten, writeRejections, writeTally, type Written } from './tally-writer.ts';

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
	/**
	 * The shortest time from one derivation of a workshop's tally to the next (50 ms). A change in
	 * a workshop whose tally was last derived longer ago is derived at once; changes that come
	 * sooner are gathered until then, so under load they are batched.
	 */
	batchMs?: number;
	/** Told when a workshop's phase or lock changed, so connections can be re-authorised. */
	onGateChange?: (workshopId: string, gate: Gate) => void;
	/** Told when the phase changed, to save a version of the workshop as it entered it. */
	onPhaseChange?: (workshopId: string, gate: Gate) => void;
	log?: (message: string, details?: Record<string, unknown>) => void;
}

interface Workshop {
	id: string;
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
	/** When the last derivation started (performance.now()). */
	lastRun: number;
	running?: Promise<void>;
	dirty: boolean;
	/** What the tally holds, to write only what changed. */
	written: Written;
	/** Resolves once the members were read, so the tally is derived for them. */
	membersRead: Promise<void>;
	gate: Gate;
	countdown: Countdown;
}

/** A workshop someone is connected to, while its documents load and once they have. */
interface Entry {
	connections: number;
	ready: Promise<Workshop>;
	/** Set as soon as the documents are in, before the members are read. */
	loaded?: Workshop;
}

/**
 * The workshops someone is connected to, held in memory: their board, control, tally and every
 * voter's ballot. Derives each one's `tally` from the ballots: a change in an idle workshop at
 * once, and under load in batches (any number of ballot changes within `batchMs` of the last
 * derivation cost one derivation and one tally update, so a room of N voters costs O(N)
 * deliveries per batch), watches the phase and lock, and runs the countdown on the server's clock.
 */
export class LiveWorkshops {
	readonly #workshops = new Map<string, Entry>();
	readonly #listeners = new Map<string, Set<() => void>>();
	readonly #options: LiveWorkshopsOptions;

	constructor(options: LiveWorkshopsOptions) {
		this.#options = options;
	}

	/**
	 * A connection to one of the workshop's documents opened. When the documents cannot be loaded
	 * the connection is not counted and the next one tries again: `disconnected` follows only a
	 * `connected` that resolved.
	 */
	async connected(workshopId: string, userId: string): Promise<void> {
		let entry = this.#workshops.get(workshopId);
		if (!entry) {
			const created: Entry = {
				connections: 0,
				ready: this.#activate(workshopId, (workshop) => (created.loaded = workshop))
			};
			// A failed load is not kept: the next connection loads the documents again.
			created.ready.catch(() => {
				if (this.#workshops.get(workshopId) === created) this.#workshops.delete(workshopId);
			});
			this.#workshops.set(workshopId, (entry = created));
		}
		entry.connections++;
		let workshop: Workshop;
		try {
			workshop = await entry.ready;
		} catch (error) {
			entry.connections--;
			throw error;
		}
		// Share links are not members; anyone else unknown has just joined.
		const known = userId.startsWith('share:') || workshop.members.some((m) => m.userId === userId);
		if (!known) await this.#refreshMembers(workshop);
	}

	/**
	 * Who takes part changed without a connection of theirs opening (a proxy person added, someone
	 * removed or given another role): read the members again, so counts and ballots follow.
	 */
	async membersChanged(workshopId: string): Promise<void> {
		const entry = this.#workshops.get(workshopId);
		if (!entry) return;
		const workshop = await entry.ready;
		await this.#refreshMembers(workshop);
	}

	/** A connection closed; the last one lets the workshop's documents go. */
	async disconnected(workshopId: string): Promise<void> {
		const entry = this.#workshops.get(workshopId);
		if (!entry) return;
		entry.connections--;
		if (entry.connections > 0) return;
		const workshop = await entry.ready;
		await this.#settle(workshop);
		if (entry.connections > 0) return;
		this.#workshops.delete(workshopId);
		workshop.countdown.stop();
		await this.#releaseAll(workshop);
	}

	async #releaseAll(workshop: Workshop) {
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
		// Before the documents are in, nothing was read from them yet: they are read whole.
		const workshop = this.#workshops.get(address.workshopId)?.loaded;
		if (!workshop) return;
		if (address.kind === 'ballot') {
			metrics.votes.inc();
			const owner = address.owner ?? '';
			const ballot = workshop.committed.get(owner);
			// A ballot not acquired yet is read whole when it is (#refreshMembers).
			if (ballot) this.#onceCommitted(workshop, owner, ballot, update);
			return;
		}
		this.#schedule(workshop);
		if (address.kind === 'control') {
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
		return this.#workshops.get(workshopId)?.loaded?.gate;
	}

	/**
	 * Applies a facilitator's timer action on the server's clock and stores the result in the
	 * control document, where every client reads it.
	 */
	async timer(workshopId: string, command: TimerAction, now = Date.now()): Promise<Timer> {
		const room = await this.#options.rooms.acquire(documentName({ kind: 'control', workshopId }));
		try {
			const workshop = this.#workshops.get(workshopId)?.loaded;
			if (workshop) return workshop.countdown.apply(command, now);
			return applyTimer(room.doc, command, now);
		} finally {
			await this.#options.rooms.release(room);
		}
	}

	#checkGate(workshop: Workshop) {
		const gate = readGate(workshop.control.doc);
		const before = workshop.gate;
		workshop.gate = gate;
		if (
			before.phase !== gate.phase ||
			before.locked !== gate.locked ||
			before.ideasWhileScoring !== gate.ideasWhileScoring ||
			before.earlyScoring !== gate.earlyScoring
		) {
			this.#options.onGateChange?.(workshop.id, gate);
		}
		if (before.phase !== gate.phase) this.#options.onPhaseChange?.(workshop.id, gate);
	}

	/** Resolves once every scheduled derivation has been written. */
	async settled(): Promise<void> {
		await Promise.all(
			[...this.#workshops.values()].map((e) =>
				e.ready.then(
					(w) => this.#settle(w),
					() => undefined
				)
			)
		);
	}

	/** Loads the workshop's documents and reads its members; on failure gives back what it took. */
	async #activate(id: string, loaded: (workshop: Workshop) => void): Promise<Workshop> {
		const { rooms } = this.#options;
		const acquired = await Promise.allSettled(
			(['board', 'control', 'tally'] as const).map((kind) =>
				rooms.acquire(documentName({ kind, workshopId: id }))
			)
		);
		const failed = acquired.find((r) => r.status === 'rejected');
		if (failed) {
			await Promise.all(
				acquired.flatMap((r) => (r.status === 'fulfilled' ? [rooms.release(r.value)] : []))
			);
			throw failed.reason;
		}
		const [board, control, tally] = acquired.map((r) => (r as PromiseFulfilledResult<Room>).value);
		const workshop: Workshop = {
			id,
			board,
			control,
			tally,
			ballots: new Map(),
			committed: new Map(),
			committing: Promise.resolve(),
			read: new Map(),
			stale: new Set(),
			derive: this.#options.derivation(),
			members: [],
			lastRun: -Infinity,
			dirty: false,
			written: readWritten(tally.doc),
			membersRead: Promise.resolve(),
			gate: readGate(control.doc),
			countdown: new Countdown(control.doc)
		};
		this.#checkPresence(workshop);
		// Changes that arrive while the members are read reach the workshop through `changed`.
		loaded(workshop);
		try {
			await (workshop.membersRead = this.#refreshMembers(workshop));
		} catch (error) {
			workshop.countdown.stop();
			await this.#releaseAll(workshop);
			throw error;
		}
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
		if (workshop.timer) return;
		// Never sooner than the next turn, so that the changes of one turn go together; and not
		// sooner than `batchMs` after the last derivation started, which gathers changes under load.
		const wait = workshop.lastRun + (this.#options.batchMs ?? 50) - performance.now();
		workshop.timer = setTimeout(
			() => {
				workshop.timer = undefined;
				void this.#run(workshop);
			},
			Math.max(0, wait)
		);
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
			await workshop.membersRead;
			if (!workshop.dirty) return;
			workshop.dirty = false;
			workshop.lastRun = performance.now();
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
		metrics.tallyBatches.inc();
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

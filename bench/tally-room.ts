import * as Y from 'yjs';
import { DEFAULT_CRITERIA } from '../src/lib/model/frameworks/scorecard/scorecard.ts';
import { FRAMEWORK_IDS } from '../src/lib/model/frameworks/index.ts';
import { sampleObjectives } from '../src/lib/model/frameworks/sample-workshop.ts';
import type { RawSocket } from './raw-socket.ts';
import { openReplica, openRoomSocket } from './sync-clients.ts';
import {
	addIdeas,
	ballotEntry,
	ideaIdsOf,
	seedDocument,
	watchIndividual,
	withTimeout
} from './sync-targets.ts';
import type { Person, TallyServer } from './tally-targets.ts';

/**
 * The room as the tally benchmark drives it: the facilitator's setup, voters holding the four
 * documents the room opens, and observers (viewers) decoding everything they receive.
 */

const SECOND = 1000;
export const DOCUMENT_KINDS = ['board', 'control', 'ballot', 'tally'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Runs `task` over `items`, at most `limit` at a time. */
export async function inBatches<T, R>(
	items: T[],
	limit: number,
	task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
	const results: R[] = [];
	for (let start = 0; start < items.length; start += limit) {
		const batch = items.slice(start, start + limit);
		results.push(...(await Promise.all(batch.map((item, b) => task(item, start + b)))));
	}
	return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The workshop's settings as a facilitator sets them, in one transaction of the control
 * document: scoring (`phase: score`), neither blind nor anonymous and every framework revealed,
 * so that each vote is visible in the tally's `individual` map (the observers look for it there).
 * `all` enables every framework, with the default scorecard criteria and a small OKR map.
 */
function configure(doc: Y.Doc, frameworks: 'matrix' | 'all') {
	const ids = frameworks === 'all' ? [...FRAMEWORK_IDS] : ['matrix'];
	doc.transact(() => {
		const settings = doc.getMap('settings');
		settings.set('frameworks', ids);
		settings.set('blind', false);
		settings.set('anonymous', false);
		settings.set('phase', 'score');
		for (const id of ids) doc.getMap('revealed').set(id, true);
		if (frameworks === 'all') {
			for (const { id, ...criterion } of DEFAULT_CRITERIA) {
				doc.getMap('criteria').set(id, criterion);
			}
			for (const { id, ...objective } of sampleObjectives) {
				doc.getMap('objectives').set(id, objective);
			}
		}
	});
}

/**
 * Puts `ideas` ideas on every room's board and sets its control document, as the facilitator.
 * Returns each room's idea ids, and a function that disconnects the setup clients (the peer keeps
 * a document only while someone holds it, so call it once the room is full).
 */
export async function prepareRooms(
	target: TallyServer,
	ideas: number,
	frameworks: 'matrix' | 'all'
): Promise<{ ideaIds: string[][]; release(): Promise<void> }> {
	const releases: (() => Promise<void>)[] = [];
	const ideaIds = await inBatches(target.rooms, 5, async (room) => {
		const documents = target.documents(room, room.facilitator, false);
		let ids: string[] = [];
		releases.push(
			await seedDocument(
				documents.board,
				(doc) => addIdeas(doc, ideas, room.facilitator.id),
				(doc) => (ids = ideaIdsOf(doc)).length === ideas
			)
		);
		releases.push(
			await seedDocument(
				documents.control,
				(doc) => configure(doc, frameworks),
				(doc) => doc.getMap('settings').get('phase') === 'score'
			)
		);
		return ids;
	});
	return { ideaIds, release: async () => void (await Promise.all(releases.map((r) => r()))) };
}

export interface Voter {
	person: Person;
	room: number;
	/** Holds only this voter's own ballot writes. */
	ballot: Y.Doc;
	/** The peer only: this voter's own writes to the tally. */
	tally: Y.Doc | null;
	sockets: Record<DocumentKind, RawSocket>;
	/** From opening the four sockets to the last one's first sync. */
	joinMs: number;
}

/** The presence a browser announces on the board ({ user }, src/lib/sync/presence.ts). */
function presenceOf(member: Person) {
	return { user: { id: member.id, name: member.name, function: member.function, colour: '#888' } };
}

/** A voter opens the board (with presence), control, their ballot and the tally, at once. */
export async function joinVoter(
	target: TallyServer,
	room: number,
	member: Person,
	opened: RawSocket[]
): Promise<Voter> {
	const documents = target.documents(target.rooms[room], member, true);
	const ballot = new Y.Doc();
	const tally = target.votersWriteTally ? new Y.Doc() : null;
	const start = performance.now();
	const [board, control, ownBallot, ownTally] = await Promise.all([
		openRoomSocket(documents.board, { presence: presenceOf(member) }),
		openRoomSocket(documents.control),
		openRoomSocket(documents.ballot!, { doc: ballot }),
		openRoomSocket(documents.tally, { doc: tally ?? undefined })
	]);
	const all = [board, control, ownBallot, ownTally];
	opened.push(...all.map((o) => o.socket));
	await withTimeout(
		Promise.all(all.map((o) => o.synced)),
		60 * SECOND,
		`${member.name} to sync four documents`
	);
	return {
		person: member,
		room,
		ballot,
		tally,
		sockets: {
			board: board.socket,
			control: control.socket,
			ballot: ownBallot.socket,
			tally: ownTally.socket
		},
		joinMs: performance.now() - start
	};
}

export interface Observer {
	room: number;
	tally: Y.Doc;
	sockets: Record<Exclude<DocumentKind, 'ballot'>, RawSocket>;
}

/**
 * A viewer: full replicas of the board, control and tally, applying every update; `seen` is
 * called for every (voter, seq) that appears in the tally's `individual` map.
 */
export async function joinObserver(
	target: TallyServer,
	room: number,
	member: Person,
	opened: RawSocket[],
	seen: (voterId: string, seq: number) => void
): Promise<Observer> {
	const documents = target.documents(target.rooms[room], member, false);
	const tally = new Y.Doc();
	watchIndividual(tally, seen);
	const replicas = await Promise.all([
		openReplica(documents.board, new Y.Doc(), true),
		openReplica(documents.control, new Y.Doc(), true),
		openReplica(documents.tally, tally, true)
	]);
	opened.push(...replicas.map((r) => r.socket));
	await withTimeout(
		Promise.all(replicas.map((r) => r.synced)),
		60 * SECOND,
		`observer ${member.name} to sync`
	);
	const [board, control, tallySocket] = replicas.map((r) => r.socket);
	return { room, tally, sockets: { board, control, tally: tallySocket } };
}

/** What a peer's voter writes to the tally for one entry: Converge's `individual` entry. */
function individualEntry(voter: Voter, entry: unknown) {
	return { name: voter.person.name, function: voter.person.function, entry };
}

/**
 * One vote: the voter's matrix entry for `ideaId`, carrying `seq` (ballotEntry). The peer's voter
 * also writes the tally's individual entry, which Converge's server derives.
 */
export function vote(voter: Voter, ideaId: string, seq: number) {
	const entry = ballotEntry(seq);
	voter.ballot.getMap('matrix').set(ideaId, entry);
	voter.tally
		?.getMap('individual')
		.set(`matrix|${ideaId}|${voter.person.id}`, individualEntry(voter, entry));
}

/**
 * Fills the voter's ballot before the measurement, as in a workshop that is well into scoring:
 * `ideaIds` each get a matrix entry whose effort (60–100) reads as a sequence number far above
 * any the measurement writes, so observers never take one for a vote.
 */
export function prefill(voter: Voter, ideaIds: string[], random: () => number) {
	const entries = ideaIds.map((id) => ({
		id,
		entry: { value: Math.floor(random() * 101), effort: 60 + Math.floor(random() * 41) }
	}));
	voter.ballot.transact(() => {
		for (const { id, entry } of entries) voter.ballot.getMap('matrix').set(id, entry);
	});
	voter.tally?.transact(() => {
		for (const { id, entry } of entries) {
			voter
				.tally!.getMap('individual')
				.set(`matrix|${id}|${voter.person.id}`, individualEntry(voter, entry));
		}
	});
}

/**
 * Waits until every given tally holds at least `entries` individual entries and then has not
 * changed for `quietMs` (the server's last batches are out); throws after `timeoutMs`.
 */
export async function settle(
	tallies: Y.Doc[],
	entries: number,
	timeoutMs: number,
	quietMs = 1000
): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	let lastChange = performance.now();
	const onUpdate = () => (lastChange = performance.now());
	for (const doc of tallies) doc.on('update', onUpdate);
	try {
		for (;;) {
			const full = tallies.every((doc) => doc.getMap('individual').size >= entries);
			if (full && performance.now() - lastChange >= quietMs) return;
			if (performance.now() > deadline) {
				const sizes = tallies.map((doc) => doc.getMap('individual').size);
				throw new Error(
					`the tally did not settle within ${timeoutMs / SECOND} s: individual entries ` +
						`${Math.min(...sizes)}–${Math.max(...sizes)} of ${entries}`
				);
			}
			await sleep(100);
		}
	} finally {
		for (const doc of tallies) doc.off('update', onUpdate);
	}
}

/** Bytes each socket has received so far, by document kind. */
export function bytesByKind(
	sockets: Partial<Record<DocumentKind, RawSocket>>[]
): Record<DocumentKind, number[]> {
	const out = { board: [], control: [], ballot: [], tally: [] } as Record<DocumentKind, number[]>;
	for (const set of sockets) {
		for (const kind of DOCUMENT_KINDS) {
			const socket = set[kind];
			if (socket) out[kind].push(socket.bytes);
		}
	}
	return out;
}

/**
 * What changes in a tally document, per top-level map: changed entries and the JSON size of
 * their keys and new values (an estimate of their share of the update), and for the
 * `aggregates` entries the same per field of the value.
 */
export function watchTallyShape(doc: Y.Doc) {
	const maps = new Map<string, { entries: number; bytes: number }>();
	const fields = new Map<string, number>();
	for (const name of ['status', 'votes', 'voted', 'aggregates', 'summary', 'individual']) {
		const map = doc.getMap(name);
		map.observe((event) => {
			const totals = maps.get(name) ?? { entries: 0, bytes: 0 };
			for (const key of event.keysChanged) {
				const value = map.get(key);
				totals.entries++;
				totals.bytes += key.length + (value === undefined ? 0 : JSON.stringify(value).length);
				if (name === 'aggregates' && typeof value === 'object' && value !== null) {
					for (const [field, part] of Object.entries(value)) {
						fields.set(field, (fields.get(field) ?? 0) + JSON.stringify(part ?? null).length);
					}
				}
			}
			maps.set(name, totals);
		});
	}
	return {
		/** Takes what was seen since the last take. */
		take() {
			const taken = { maps: new Map(maps), fields: new Map(fields) };
			maps.clear();
			fields.clear();
			return taken;
		}
	};
}

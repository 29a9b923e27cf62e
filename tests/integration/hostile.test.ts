import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { connect } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { sql } from '../../server/db/sql.ts';
import { addMember } from '../../server/db/workshops.ts';
import { MAX_FRAME_BYTES, MessageType } from '../../server/sync/protocol.ts';
import { addIdea, readIdeas, updateIdea } from '../../src/lib/model/board.ts';
import { readPresenceUser } from '../../src/lib/sync/presence.ts';
import { eventually, rawSocket, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

/**
 * What the open internet does to the sync server: clients that vanish mid-handshake, and clients
 * that send anything at all.
 */
describe.each(backends)('a hostile network against the sync server on %s', (backend) => {
	const suite = serverSuite(backend);
	let owner: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		owner = await createUser(suite.server.app, 'owner');
		workshopId = await createWorkshopWith(suite.server.app, owner);
	});

	async function storedRows(document: string): Promise<number> {
		const rows = await suite.server.app.db.query<{ n: number }>(
			sql`select count(*)::int as n from document_updates where document = ${document}`
		);
		return rows[0].n;
	}

	/**
	 * Sends an authorised upgrade request and hangs up at once, as a phone that loses its network
	 * does: the server is still checking the session when the client is gone. With a WebSocket
	 * version the handshake does not support (as a mangling proxy might send), the upgrade is
	 * refused only after the session was checked and the room loaded.
	 */
	function abandonUpgrade(path: string, cookie: string, version = 13): Promise<void> {
		const { port } = new URL(suite.server.url);
		return new Promise((resolve) => {
			const socket = connect(Number(port), '127.0.0.1', () => {
				socket.end(
					`GET /sync/${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
						`Connection: Upgrade\r\nSec-WebSocket-Version: ${version}\r\n` +
						`Sec-WebSocket-Key: ${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')}\r\n` +
						`Cookie: ${cookie}\r\n\r\n`,
					() => socket.resetAndDestroy()
				);
			});
			socket.once('close', () => resolve());
			socket.once('error', () => resolve());
		});
	}

	it('[S1] 1,000 abandoned upgrades leave nothing behind: the room unloads and compacts', async () => {
		const board = `board:${workshopId}`;
		const writer = suite.open(owner, workshopId);
		await whenSynced(writer.provider);
		addIdea(writer.doc, { title: 'kept', createdBy: owner.id });
		await eventually(async () => expect(await storedRows(board)).toBeGreaterThan(0));

		const started = Date.now();
		for (let batch = 0; batch < 20; batch++) {
			await Promise.all(
				Array.from({ length: 50 }, (_, i) =>
					abandonUpgrade(
						i % 5 === 0 ? `${workshopId}/tally` : workshopId,
						owner.cookie,
						i % 2 ? 13 : 99
					)
				)
			);
		}
		expect(Date.now() - started).toBeLessThan(30_000);

		// The server may still be checking queued upgrades: a new client's is answered after them.
		const again = suite.open(owner, workshopId);
		await whenSynced(again.provider, 30_000);
		again.provider.destroy();
		writer.provider.destroy();
		await eventually(async () => {
			expect(suite.server.app.sync.connectionCount).toBe(0);
			expect(suite.server.app.rooms.loaded).toEqual([]);
			expect(await storedRows(board)).toBe(0);
		}, 15_000);
		const stored = await suite.server.app.store.load(board);
		expect(stored.length).toBe(1);
	});

	/** One y-websocket frame: a message type, then a payload (itself length-prefixed or not). */
	function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
		const encoder = encoding.createEncoder();
		write(encoder);
		return encoding.toUint8Array(encoder);
	}

	const syncFrame = (kind: number, payload: Uint8Array) =>
		frame((e) => {
			encoding.writeVarUint(e, MessageType.Sync);
			encoding.writeVarUint(e, kind);
			encoding.writeVarUint8Array(e, payload);
		});

	const awarenessFrame = (payload: Uint8Array) =>
		frame((e) => {
			encoding.writeVarUint(e, MessageType.Awareness);
			encoding.writeVarUint8Array(e, payload);
		});

	/** A real update from a stranger's document: the raw material for truncations and mutations. */
	function someUpdate(gen: prng.PRNG): Uint8Array {
		const doc = new Y.Doc();
		addIdea(doc, { title: prng.word(gen, 1, 30), createdBy: 'mallory' });
		return Y.encodeStateAsUpdate(doc);
	}

	/**
	 * Frames a hostile client sends, by kind. `survives` kinds are processed without closing the
	 * connection (so several go over one socket); the others close it, or may.
	 */
	const HOSTILE: {
		kind: string;
		survives: boolean;
		make(gen: prng.PRNG, honest: number[]): Uint8Array | string;
	}[] = [
		{
			kind: 'awareness spoofing another client or person',
			survives: true,
			make(gen, honest) {
				const awareness = new Awareness(new Y.Doc());
				awareness.clientID = prng.bool(gen)
					? prng.oneOf(gen, honest)
					: prng.uint32(gen, 1, 2 ** 31);
				const clock = prng.uint32(gen, 0, 50);
				const payload = prng.bool(gen)
					? null
					: {
							user: { id: owner.id, name: prng.utf16String(gen, 40), function: 'Leadership' },
							view: { tab: prng.word(gen, 1, 10), results: null, idea: null },
							cursor: { area: 'matrix', anchor: 'plot', x: prng.real53(gen), y: 1e308 },
							[prng.word(gen, 1, 8)]: prng.utf16String(gen, 200)
						};
				for (let i = 0; i <= clock; i++) awareness.setLocalState(payload ?? {});
				if (payload === null) awareness.setLocalState(null);
				const update = encodeAwarenessUpdate(awareness, [awareness.clientID]);
				awareness.destroy();
				return awarenessFrame(update);
			}
		},
		{
			kind: 'query awareness and empty updates',
			survives: true,
			make: (gen) =>
				prng.bool(gen)
					? new Uint8Array([MessageType.QueryAwareness])
					: syncFrame(syncProtocol.messageYjsUpdate, new Uint8Array([0, 0]))
		},
		{
			kind: 'truncated frame',
			survives: false,
			make(gen) {
				const whole = syncFrame(syncProtocol.messageYjsUpdate, someUpdate(gen));
				return whole.slice(0, prng.uint32(gen, 1, whole.length - 1));
			}
		},
		{
			kind: 'oversized varint',
			survives: false,
			make: (gen) =>
				new Uint8Array([
					prng.oneOf(gen, [0, 1, 0xff]),
					...Array.from({ length: prng.uint32(gen, 8, 12) }, () => 0xff),
					0x7f
				])
		},
		{
			kind: 'length prefix past the end of the frame',
			survives: false,
			make: (gen) =>
				new Uint8Array([MessageType.Sync, prng.uint32(gen, 0, 2), 0xff, 0xff, 0x03, 1, 2, 3])
		},
		{
			kind: 'unknown message or sync type',
			survives: false,
			make: (gen) =>
				prng.bool(gen)
					? new Uint8Array([prng.uint32(gen, 4, 127), ...prng.uint8Array(gen, 8)])
					: new Uint8Array([MessageType.Sync, prng.uint32(gen, 3, 127), 0])
		},
		{
			kind: 'garbage update',
			survives: false,
			make(gen) {
				const update = prng.bool(gen)
					? prng.uint8Array(gen, prng.uint32(gen, 1, 64))
					: someUpdate(gen).map((byte) =>
							prng.uint32(gen, 0, 9) === 0 ? prng.uint32(gen, 0, 255) : byte
						);
				const kind = prng.oneOf(gen, [
					syncProtocol.messageYjsSyncStep1,
					syncProtocol.messageYjsSyncStep2,
					syncProtocol.messageYjsUpdate
				]);
				return syncFrame(kind, update);
			}
		},
		{
			kind: 'garbage awareness',
			survives: false,
			make: (gen) =>
				awarenessFrame(
					prng.bool(gen)
						? prng.uint8Array(gen, prng.uint32(gen, 1, 32))
						: frame((e) => {
								encoding.writeVarUint(e, 1);
								encoding.writeVarUint(e, prng.uint32(gen, 1, 2 ** 31));
								encoding.writeVarUint(e, 1);
								encoding.writeVarString(e, '{"user": ');
							})
				)
		},
		{ kind: 'text frame', survives: false, make: (gen) => prng.utf16String(gen, 64) },
		{
			kind: 'frame over the size limit',
			survives: false,
			make: () => new Uint8Array(MAX_FRAME_BYTES + 1)
		}
	];

	it('[S6][B2][B3] 10,000 hostile frames of every kind leave the room converging for its honest clients', async () => {
		const gen = prng.create(20261207);
		const mallory = await createUser(suite.server.app, 'mallory');
		const people = [owner, await createUser(suite.server.app, 'ann')];
		await addMember(suite.server.app.db, workshopId, mallory.id, 'participant');
		await addMember(suite.server.app.db, workshopId, people[1].id, 'participant');
		const honest = people.map((person, i) => {
			const client = suite.open(person, workshopId);
			client.provider.awareness.setLocalState({ user: { id: person.id, name: `honest ${i}` } });
			return client;
		});
		await Promise.all(honest.map((c) => whenSynced(c.provider)));
		const honestIds = honest.map((c) => c.doc.clientID);

		const sent = new Map<string, number>();
		let frames = 0;
		const TARGET = 10_000;
		/** One hostile socket after another, each sent surviving frames and then one that may not. */
		async function attacker() {
			while (frames < TARGET) {
				const socket = rawSocket(`${suite.server.syncUrl}/${workshopId}`, {
					cookie: mallory.cookie
				});
				const closed = new Promise((resolve) => socket.once('close', resolve));
				socket.on('error', () => {});
				await new Promise((resolve) => socket.once('open', resolve));
				const burst = prng.uint32(gen, 5, 40);
				for (let i = 0; i < burst && frames < TARGET; i++) {
					const last = i === burst - 1;
					const candidates = HOSTILE.filter((h) => h.survives !== last);
					const hostile = prng.oneOf(gen, candidates);
					if (hostile.kind === 'frame over the size limit' && prng.uint32(gen, 0, 9) > 0) continue;
					const data = hostile.make(gen, honestIds);
					socket.send(data, { binary: typeof data !== 'string' });
					sent.set(hostile.kind, (sent.get(hostile.kind) ?? 0) + 1);
					frames++;
				}
				socket.close();
				await closed;
			}
		}

		/** The honest clients keep editing the board meanwhile. */
		let storming = true;
		async function editor(index: number) {
			const { doc } = honest[index];
			while (storming) {
				const ideas = readIdeas(doc);
				if (ideas.length < 5 || (ideas.length < 40 && prng.bool(gen))) {
					addIdea(doc, { title: `idea ${prng.word(gen, 3, 8)}`, createdBy: people[index].id });
				} else {
					updateIdea(doc, prng.oneOf(gen, ideas).id, { title: prng.word(gen, 3, 12) });
				}
				await new Promise((resolve) => setTimeout(resolve, prng.uint32(gen, 5, 40)));
			}
		}

		const started = Date.now();
		const editing = Promise.all([editor(0), editor(1)]);
		await Promise.all([attacker(), attacker(), attacker(), attacker()]);
		storming = false;
		await editing;
		expect(frames).toBe(TARGET);
		expect(sent.size).toBe(HOSTILE.length);
		expect(Date.now() - started).toBeLessThan(45_000);

		// Every honest replica, the server's and a newcomer's agree, and nobody lost their identity.
		const late = suite.open(people[1], workshopId);
		await whenSynced(late.provider);
		const room = (await suite.server.app.rooms.all()).find(
			(r) => r.name === `board:${workshopId}`
		)!;
		const expected = JSON.stringify(readIdeas(room.doc));
		expect(readIdeas(room.doc).length).toBeGreaterThan(5);
		await eventually(() => {
			for (const { doc } of [...honest, late])
				expect(JSON.stringify(readIdeas(doc))).toBe(expected);
		}, 10_000);
		await eventually(() => {
			for (const [i, c] of honest.entries()) {
				const other = honest[1 - i].doc.clientID;
				const seen = readPresenceUser(c.provider.awareness.getStates().get(other));
				expect(seen?.id).toBe(people[1 - i].id);
				expect(seen?.name).toBe(i === 0 ? 'ann' : 'owner');
			}
		});
		expect(suite.server.app.sync.connectionCount).toBe(honest.length + 1);
		expect(suite.server.logs.filter((l) => l.message === 'upgrade failed')).toEqual([]);
	});
});

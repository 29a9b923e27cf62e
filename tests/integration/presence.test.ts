import * as encoding from 'lib0/encoding';
import { beforeEach, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addIdea, readIdeas } from '../../src/lib/model/board.ts';
import { readCursor, readView } from '../../src/lib/sync/presence.ts';
import { rejoinPresence } from '../../src/lib/sync/presence-rejoin.ts';
import { CloseCode, MessageType } from '../../server/sync/protocol.ts';
import {
	closeEvent,
	eventually,
	presenceRecorder,
	rawSocket,
	whenSynced
} from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

/**
 * Follow mode and live cursors rely on presence reaching the room under the server's rules: a
 * facilitator's `view` and `cursor` reach every member, viewers included (they may follow too);
 * a viewer's never reach anyone ([R1]). The People panel relies on it to say who is online: a
 * reconnect must not hide anyone, and a leaving connection takes its presence with it ([A1], [A2]),
 * unless the server closed it for the client to come back with new permissions ([A3]).
 */
describe.each(backends)('presence through the sync server on %s', (backend) => {
	/** Long enough for a stock client's reconnect (200 ms backoff) on a busy machine. */
	const GRACE_MS = 1500;
	const suite = serverSuite(backend, { presenceGraceMs: GRACE_MS });
	let facilitator: TestUser;
	let participant: TestUser;
	let viewer: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		facilitator = await createUser(suite.server.app, 'facilitator');
		participant = await createUser(suite.server.app, 'participant');
		viewer = await createUser(suite.server.app, 'viewer');
		workshopId = await createWorkshopWith(suite.server.app, facilitator, [
			[participant, 'participant'],
			[viewer, 'viewer']
		]);
	});

	const client = (user: TestUser) => suite.open(user, workshopId);

	it("[R1] a facilitator's view and cursor reach a participant and a viewer", async () => {
		const f = client(facilitator);
		const p = client(participant);
		const v = client(viewer);
		await Promise.all([whenSynced(f.provider), whenSynced(p.provider), whenSynced(v.provider)]);

		f.provider.awareness.setLocalState({
			user: { id: facilitator.id, name: 'Fay', function: 'Product' },
			view: { tab: 'moscow', results: 'rice', idea: 'a1b2c3d4e5f60718' },
			cursor: { area: 'matrix', anchor: 'plot', x: 0.3, y: 0.25 }
		});

		for (const other of [p, v]) {
			await eventually(() => {
				const state = other.provider.awareness.getStates().get(f.doc.clientID);
				expect(readView(state)).toEqual({
					tab: 'moscow',
					results: 'rice',
					idea: 'a1b2c3d4e5f60718'
				});
				expect(readCursor(state)).toEqual({ area: 'matrix', anchor: 'plot', x: 0.3, y: 0.25 });
			});
		}

		// A cursor leaving the board is a null, and that reaches the others too.
		f.provider.awareness.setLocalStateField('cursor', null);
		await eventually(() =>
			expect(readCursor(p.provider.awareness.getStates().get(f.doc.clientID))).toBeNull()
		);
	});

	it("[R1] a viewer's cursor reaches nobody", async () => {
		const f = client(facilitator);
		const v = client(viewer);
		await Promise.all([whenSynced(f.provider), whenSynced(v.provider)]);
		v.provider.awareness.setLocalStateField('cursor', {
			area: 'matrix',
			anchor: 'plot',
			x: 0.5,
			y: 0.5
		});
		// A later change by the facilitator, seen by the viewer, proves the viewer's would be here.
		f.provider.awareness.setLocalStateField('view', { tab: 'matrix', results: null, idea: null });
		await eventually(() =>
			expect(readView(v.provider.awareness.getStates().get(f.doc.clientID))).not.toBeNull()
		);
		expect(f.provider.awareness.getStates().has(v.doc.clientID)).toBe(false);
	});

	/** A board connection announcing its user, rejoining presence on reconnects as the app does. */
	function present(user: TestUser, name: string) {
		const c = client(user);
		suite.afterThis(rejoinPresence(c.provider));
		c.provider.awareness.setLocalState({ user: { id: user.id, name } });
		return c;
	}

	const sees = (c: { provider: WebsocketProvider }, other: { doc: Y.Doc }) =>
		c.provider.awareness.getStates().has(other.doc.clientID);

	/** Resolves once `c` has been told that the presence of client `id` is gone. */
	function whenGone(c: { provider: WebsocketProvider }, id: number, timeoutMs = 10_000) {
		return new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				c.provider.awareness.off('change', changed);
				reject(new Error(`client ${id} was not removed`));
			}, timeoutMs);
			const changed = ({ removed }: { removed: number[] }) => {
				if (!removed.includes(id)) return;
				clearTimeout(timer);
				c.provider.awareness.off('change', changed);
				resolve();
			};
			c.provider.awareness.on('change', changed);
		});
	}

	/** The clock of the last state of client `id` that `c` took. */
	const clockSeen = (c: { provider: WebsocketProvider }, id: number) =>
		c.provider.awareness.meta.get(id)?.clock ?? -1;

	/** Resolves once the server closed `c`'s connection with `code` (it then reconnects). */
	function whenClosed(c: { provider: WebsocketProvider }, code: number) {
		return new Promise<void>((resolve) => {
			const closed = (event: CloseEvent | null) => {
				if (event?.code !== code) return;
				c.provider.off('connection-close', closed);
				resolve();
			};
			c.provider.on('connection-close', closed);
		});
	}

	/** The facilitator locks the session, which closes participants' board connections (4100). */
	async function lock() {
		const control = suite.open(facilitator, `${workshopId}/control`);
		await whenSynced(control.provider);
		control.doc.getMap('settings').set('locked', true);
	}

	/** The lock closes a participant's board connection (4100); they reconnect read-only. */
	async function lockReconnects(c: { provider: WebsocketProvider }) {
		const closed = whenClosed(c, CloseCode.PermissionsChanged);
		await lock();
		await closed;
		await whenSynced(c.provider);
	}

	/**
	 * Resolves once a change made after this call has reached `c` through the server: anything the
	 * server sent `c` before it (a removal of someone's presence) has arrived too.
	 */
	async function roundTrip(c: { doc: Y.Doc }) {
		const writer = client(facilitator);
		await whenSynced(writer.provider);
		const title = `marker ${Math.random()}`;
		addIdea(writer.doc, { title, createdBy: facilitator.id });
		await eventually(() => expect(readIdeas(c.doc).map((i) => i.title)).toContain(title));
	}

	/** One awareness spoken over raw sockets, which never reconnect by themselves. */
	function rawPresence(user: TestUser, name: string) {
		const awareness = new Awareness(new Y.Doc());
		suite.afterThis(() => awareness.destroy());
		awareness.setLocalState({ user: { id: user.id, name } });
		const announce = (socket: ReturnType<typeof rawSocket>) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Awareness);
			encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
			socket.send(encoding.toUint8Array(encoder));
		};
		const open = async () => {
			const socket = rawSocket(`${suite.server.syncUrl}/${workshopId}`, { cookie: user.cookie });
			suite.afterThis(() => socket.close());
			await new Promise((resolve) => socket.once('open', resolve));
			return socket;
		};
		return { awareness, announce, open };
	}

	it('[A1] after the lock reconnects a participant, they and the facilitator see each other again at once', async () => {
		const f = present(facilitator, 'Fay');
		const p = present(participant, 'Pat');
		await eventually(() => expect(sees(f, p) && sees(p, f)).toBe(true));
		const before = clockSeen(f, p.doc.clientID);

		await lockReconnects(p);
		// Pat's old state stays through the grace ([A3]): a newer clock is Pat's announcement over
		// the new connection.
		await eventually(() => {
			expect(clockSeen(f, p.doc.clientID)).toBeGreaterThan(before);
			expect(sees(f, p)).toBe(true);
			expect(sees(p, f)).toBe(true);
		});
	});

	it('[A3] the facilitator never sees a participant leave across the reconnect after a lock', async () => {
		const f = present(facilitator, 'Fay');
		const p = present(participant, 'Pat');
		await eventually(() => expect(sees(f, p) && sees(p, f)).toBe(true));
		const before = clockSeen(f, p.doc.clientID);
		// Every presence message the facilitator is told of: did it remove Pat, was Pat there after.
		const told: { removed: boolean; present: boolean }[] = [];
		const record = ({ removed }: { removed: number[] }) => {
			told.push({ removed: removed.includes(p.doc.clientID), present: sees(f, p) });
		};
		f.provider.awareness.on('update', record);
		suite.afterThis(() => f.provider.awareness.off('update', record));

		await lockReconnects(p);
		await eventually(() => expect(clockSeen(f, p.doc.clientID)).toBeGreaterThan(before));
		// Past the grace, a removal left pending by the old connection would have been sent.
		await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
		await roundTrip(f);
		expect(told.length).toBeGreaterThan(0);
		expect(told).toEqual(told.map(() => ({ removed: false, present: true })));
		expect(sees(f, p)).toBe(true);
	});

	it('[A3] someone the lock closed who does not come back is gone for everyone after the grace, not before', async () => {
		const f = present(facilitator, 'Fay');
		await whenSynced(f.provider);
		const pat = rawPresence(participant, 'Pat');
		const socket = await pat.open();
		pat.announce(socket);
		const id = pat.awareness.clientID;
		await eventually(() => expect(f.provider.awareness.getStates().has(id)).toBe(true));

		const gone = whenGone(f, id);
		const closed = closeEvent(socket);
		await lock();
		expect((await closed).code).toBe(CloseCode.PermissionsChanged);
		const closedAt = Date.now();
		await gone;
		// The server's timer starts when it sees the socket close, within moments of this client.
		expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_MS - 100);
	});

	it('[A2] someone who leaves after such a reconnect is gone for everyone at once', async () => {
		const f = present(facilitator, 'Fay');
		const p = present(participant, 'Pat');
		await eventually(() => expect(sees(f, p)).toBe(true));
		await lockReconnects(p);
		await eventually(() => expect(sees(f, p)).toBe(true));

		// Pat closes the tab: the socket closes, with no last presence message before it. That is
		// no close by the server, so no grace ([A3]).
		const gone = whenGone(f, p.doc.clientID);
		const closedAt = Date.now();
		p.provider.shouldConnect = false;
		p.provider.ws?.close();
		await gone;
		expect(Date.now() - closedAt).toBeLessThan(GRACE_MS / 2);
	});

	it('[A2] a connection that closes after its client came back over a new one does not take its presence along', async () => {
		const f = present(facilitator, 'Fay');
		await whenSynced(f.provider);
		// One client (one awareness) whose network dropped: the server has not noticed its old
		// socket is gone when the client reconnects and announces itself over a new one.
		const { awareness: pat, announce, open } = rawPresence(participant, 'Pat');
		const old = await open();
		announce(old);
		await eventually(() => expect(f.provider.awareness.getStates().has(pat.clientID)).toBe(true));
		const renewed = await open();
		pat.setLocalState(pat.getLocalState());
		announce(renewed);
		const clock = pat.meta.get(pat.clientID)!.clock;
		await eventually(() => expect(f.provider.awareness.meta.get(pat.clientID)?.clock).toBe(clock));

		const connections = suite.server.app.sync.connectionCount;
		old.close();
		await eventually(() => expect(suite.server.app.sync.connectionCount).toBe(connections - 1));
		// A removal sent when the old socket closed would have reached the facilitator by now.
		await roundTrip(f);
		expect(f.provider.awareness.getStates().has(pat.clientID)).toBe(true);
	});

	/** A raw socket recording every presence state the server sends it, closed after the test. */
	async function recordPresence(user: TestUser) {
		const recorder = presenceRecorder(`${suite.server.syncUrl}/${workshopId}`, user.cookie);
		suite.afterThis(() => recorder.ws.close());
		await recorder.opened;
		return recorder;
	}

	/** Sets the workshop's settings and reveals as its facilitator. */
	async function configure(
		settings: Record<string, unknown>,
		revealed: Record<string, boolean> = {}
	) {
		const control = suite.open(facilitator, `${workshopId}/control`);
		await whenSynced(control.provider);
		control.doc.transact(() => {
			for (const [k, v] of Object.entries(settings)) control.doc.getMap('settings').set(k, v);
			for (const [k, v] of Object.entries(revealed)) control.doc.getMap('revealed').set(k, v);
		});
	}

	it("[S3] a participant announcing itself with the facilitator's identity is relayed as itself, without view", async () => {
		const f = present(facilitator, 'Fay');
		await whenSynced(f.provider);
		const recorder = await recordPresence(viewer);
		const mallory = rawPresence(participant, 'participant');
		mallory.awareness.setLocalState({
			user: { id: facilitator.id, name: 'Fay', function: 'Leadership', colour: '#332288' },
			view: { tab: 'moscow', results: 'rice', idea: 'a1b2c3d4e5f60718' },
			spotlight: 'a1b2c3d4e5f60718',
			cursor: { area: 'matrix', anchor: 'plot', x: 0.5, y: 0.5 }
		});
		const socket = await mallory.open();
		mallory.announce(socket);
		// It also claims the facilitator's own client, to overwrite what the room sees of them.
		const forged = new Awareness(new Y.Doc());
		suite.afterThis(() => forged.destroy());
		forged.clientID = f.doc.clientID;
		forged.setLocalState({ user: { id: facilitator.id, name: 'Forged' }, view: { tab: 'x' } });
		forged.setLocalState({ ...forged.getLocalState() });
		forged.setLocalState({ ...forged.getLocalState() });
		forged.setLocalState({ ...forged.getLocalState() });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.Awareness);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(forged, [forged.clientID]));
		socket.send(encoding.toUint8Array(encoder));
		// A later change by the facilitator, seen by the viewer, shows the forgery would be here.
		f.provider.awareness.setLocalStateField('view', { tab: 'matrix', results: null, idea: null });

		const seen = (id: number) => recorder.states.filter((s) => s.clientId === id);
		await eventually(() => {
			expect(seen(mallory.awareness.clientID).length).toBeGreaterThan(0);
			expect(readView(seen(f.doc.clientID).at(-1)?.state)).toEqual({
				tab: 'matrix',
				results: null,
				idea: null
			});
		});
		for (const { state } of seen(mallory.awareness.clientID)) {
			expect(state).toEqual({
				user: {
					id: participant.id,
					name: 'participant',
					function: 'Engineering',
					colour: '#009E73'
				},
				cursor: { area: 'matrix', anchor: 'plot', x: 0.5, y: 0.5 }
			});
		}
		for (const { state } of seen(f.doc.clientID)) {
			expect(state?.user).toMatchObject({ id: facilitator.id, name: 'facilitator' });
		}
		expect(f.provider.awareness.getStates().get(f.doc.clientID)).toMatchObject({
			user: { name: 'Fay' }
		});
	});

	it('[S4] no cursor over a blind or anonymous framework leaves the server', async () => {
		await configure({ frameworks: ['matrix', 'moscow'], blind: true });
		const f = present(facilitator, 'Fay');
		const p = present(participant, 'Pat');
		await Promise.all([whenSynced(f.provider), whenSynced(p.provider)]);
		const recorder = await recordPresence(viewer);
		const cursorsOf = (id: number) =>
			recorder.states
				.filter((s) => s.clientId === id)
				.map((s) => readCursor(s.state))
				.filter((c) => c !== null);
		/** Pat points at `area`, then the facilitator's view changes: a marker to wait for. */
		async function patPoints(area: string, x: number) {
			p.provider.awareness.setLocalStateField('cursor', { area, anchor: 'plot', x, y: 0.5 });
			const marker = `m${Math.round(x * 1000)}`;
			f.provider.awareness.setLocalStateField('view', { tab: marker, results: null, idea: null });
			await eventually(() =>
				expect(
					recorder.states.some(
						(s) => s.clientId === f.doc.clientID && readView(s.state)?.tab === marker
					)
				).toBe(true)
			);
		}

		await patPoints('matrix', 0.11);
		await patPoints('moscow', 0.12);
		expect(recorder.states.some((s) => s.clientId === p.doc.clientID)).toBe(true);
		expect(cursorsOf(p.doc.clientID)).toEqual([]);

		// The matrix revealed: its cursors go out, MoSCoW's still do not.
		await configure({}, { matrix: true });
		await patPoints('moscow', 0.13);
		await patPoints('matrix', 0.14);
		expect(cursorsOf(p.doc.clientID).map((c) => [c.area, c.x])).toEqual([['matrix', 0.14]]);

		// An anonymous workshop shows nobody's cursor over any framework.
		await configure({ blind: false, anonymous: true });
		await patPoints('matrix', 0.15);
		await patPoints('moscow', 0.16);
		expect(cursorsOf(p.doc.clientID).map((c) => c.x)).toEqual([0.14]);
	});
});

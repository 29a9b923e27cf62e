import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, MessageType } from './protocol.ts';
import { Room, type Peer } from './room.ts';

const GRACE_MS = 1000;

const peer = (): Peer => ({
	readOnly: false,
	presence: { id: 'pat', name: 'Pat', function: 'Product', facilitator: false },
	send() {},
	close() {}
});

/** A client's presence, announced over whichever connection it is given. */
function client(room: Room) {
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState({ user: { id: 'pat', name: 'Pat' } });
	return {
		id: awareness.clientID,
		announce(over: Peer) {
			// A new clock, as the app's client announces itself after every reconnect.
			awareness.setLocalState(awareness.getLocalState());
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Awareness);
			encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
			room.receive(over, encoding.toUint8Array(encoder));
		},
		destroy: () => awareness.destroy()
	};
}

describe('Room.leave', () => {
	let room: Room;
	let pat: ReturnType<typeof client>;

	beforeEach(() => {
		vi.useFakeTimers();
		room = new Room('board', [], { persist() {}, presenceGraceMs: GRACE_MS });
		pat = client(room);
	});

	afterEach(() => {
		pat.destroy();
		room.destroy();
		vi.useRealTimers();
	});

	const present = () => room.awareness.getStates().has(pat.id);
	/** A connection that joined the room and carries Pat's presence. */
	const carryingPat = () => {
		const connection = peer();
		room.join(connection);
		pat.announce(connection);
		return connection;
	};

	it('[A2] removes the presence of a connection the client closed at once', () => {
		const old = carryingPat();
		room.leave(old);
		expect(present()).toBe(false);
	});

	it('[A3] keeps the presence of a connection the server closed with 4100 for the grace, then removes it', () => {
		const old = carryingPat();
		room.leave(old, CloseCode.PermissionsChanged);
		vi.advanceTimersByTime(GRACE_MS - 1);
		expect(present()).toBe(true);
		vi.advanceTimersByTime(1);
		expect(present()).toBe(false);
	});

	it('[A3] leaves the presence alone when the client came back over a new connection within the grace', () => {
		const old = carryingPat();
		room.leave(old, CloseCode.PermissionsChanged);
		const renewed = carryingPat();
		vi.advanceTimersByTime(GRACE_MS);
		expect(present()).toBe(true);
		// The presence now leaves with the new connection.
		room.leave(renewed);
		expect(present()).toBe(false);
	});

	it('[A3] a destroyed room leaves no removal pending', () => {
		const old = carryingPat();
		room.leave(old, CloseCode.PermissionsChanged);
		pat.destroy();
		room.destroy();
		expect(vi.getTimerCount()).toBe(0);
	});
});

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { RawSocket } from './raw-socket.ts';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, type Wire } from './wire.ts';

/** One document on one server, as a client reaches it. */
export interface Endpoint {
	port: number;
	/** The URL path of the upgrade. */
	path: string;
	/** The document's name on the wire (Hocuspocus); ignored by the other wires. */
	document: string;
	headers: Record<string, string>;
	wire: Wire;
	/** How long the upgrade may take (RawSocket's default otherwise). */
	upgradeTimeoutMs?: number;
}

const REMOTE = Symbol('remote');

function syncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

function syncUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

function open(endpoint: Endpoint, onMessage?: (frame: Uint8Array) => boolean | void) {
	return RawSocket.open({
		host: '127.0.0.1',
		port: endpoint.port,
		path: endpoint.path,
		headers: endpoint.headers,
		timeoutMs: endpoint.upgradeTimeoutMs,
		onMessage
	});
}

/**
 * A participant's socket: sends the changes made to `doc` and counts, without decoding, what the
 * server sends back. `doc` holds only this participant's own writes, so its updates reference
 * nothing the server lacks. `ready` resolves on the first message from the server.
 */
export async function openWriter(endpoint: Endpoint, doc: Y.Doc) {
	const { wire, document } = endpoint;
	const socket = await open(endpoint);
	for (const message of wire.hello(document)) socket.send(message);
	socket.send(wire.wrap(document, syncStep1(doc)));
	doc.on('update', (update: Uint8Array) => socket.send(wire.wrap(document, syncUpdate(update))));
	return { socket, ready: socket.firstMessage };
}

/** A socket that only counts what it receives, after asking for the document (sync step 1). */
export async function openSink(endpoint: Endpoint) {
	const socket = await open(endpoint);
	for (const message of endpoint.wire.hello(endpoint.document)) socket.send(message);
	socket.send(endpoint.wire.wrap(endpoint.document, syncStep1(new Y.Doc())));
	return socket;
}

/**
 * A full client: applies everything the server sends to `doc` and, unless `readOnly`, sends
 * `doc`'s local changes. `synced` resolves once the server answered our sync step 1.
 */
export async function openReplica(endpoint: Endpoint, doc: Y.Doc, readOnly = false) {
	const { wire, document } = endpoint;
	let markSynced: () => void = () => {};
	const synced = new Promise<void>((resolve) => (markSynced = resolve));
	const socket: RawSocket = await open(endpoint, (frame) => {
		const message = wire.unwrap(frame);
		if (!message) return;
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		const type = syncProtocol.readSyncMessage(decoder, encoder, doc, REMOTE);
		if (encoding.length(encoder) > 1)
			socket.send(wire.wrap(document, encoding.toUint8Array(encoder)));
		if (type === syncProtocol.messageYjsSyncStep2) markSynced();
	});
	for (const message of wire.hello(document)) socket.send(message);
	socket.send(wire.wrap(document, syncStep1(doc)));
	// Without an 'update' listener Yjs does not encode every applied transaction again, which
	// matters for observers applying hundreds of updates a second.
	if (!readOnly) {
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== REMOTE) socket.send(wire.wrap(document, syncUpdate(update)));
		});
	}
	return { socket, synced };
}

/** How often a participant renews its presence: y-protocols drops states silent for 30 s. */
const PRESENCE_RENEW_MS = 15_000;

function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, clientId);
	encoding.writeVarUint(update, clock);
	encoding.writeVarString(update, JSON.stringify(state));
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
	return encoding.toUint8Array(encoder);
}

/**
 * One of a participant's sockets in a room: asks for the document, resolves `synced` when the
 * server's answer (sync step 2) arrives and only counts what comes after, sends the changes made
 * to `doc` (which holds only this participant's own writes) and, given `presence`, announces it
 * as an awareness state and renews it as a browser does.
 */
export async function openRoomSocket(
	endpoint: Endpoint,
	options: { doc?: Y.Doc; presence?: unknown } = {}
) {
	const { wire, document } = endpoint;
	let markSynced: () => void = () => {};
	const synced = new Promise<void>((resolve) => (markSynced = resolve));
	const socket = await open(endpoint, (frame) => {
		const message = wire.unwrap(frame);
		if (message?.[0] !== MESSAGE_SYNC || message[1] !== syncProtocol.messageYjsSyncStep2) {
			return false;
		}
		markSynced();
		return true;
	});
	for (const message of wire.hello(document)) socket.send(message);
	const doc = options.doc;
	socket.send(wire.wrap(document, syncStep1(doc ?? new Y.Doc())));
	doc?.on('update', (update: Uint8Array) => socket.send(wire.wrap(document, syncUpdate(update))));
	if (options.presence !== undefined) {
		const clientId = Math.floor(Math.random() * 0x7fff_ffff);
		let clock = 0;
		const announce = () =>
			socket.send(wire.wrap(document, awarenessMessage(clientId, clock++, options.presence)));
		announce();
		const renew = setInterval(announce, PRESENCE_RENEW_MS);
		renew.unref();
		void socket.closed.then(() => clearInterval(renew));
	}
	return { socket, synced };
}

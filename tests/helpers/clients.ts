import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A stock y-websocket client in Node, sending the session cookie on the upgrade like a browser. */
export function connectClient(syncUrl: string, room: string, cookie: string, doc = new Y.Doc()) {
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	const provider = new WebsocketProvider(syncUrl, room, doc, {
		WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	return { doc, provider };
}

export function whenSynced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('client did not sync')), timeoutMs);
		provider.once('sync', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

/** Polls until `check` passes or the time is up (then throws its last error). */
export async function eventually(
	check: () => void | Promise<void>,
	timeoutMs = 5000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			await check();
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}

/** A raw socket for speaking the protocol by hand (bad frames, refused upgrades). */
export function rawSocket(url: string, headers: Record<string, string>) {
	return new WebSocket(url, { headers });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 if it was accepted. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.once('unexpected-response', (_, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('open', () => {
			resolve(101);
			ws.close();
		});
		ws.once('error', (error) => {
			if (!/Unexpected server response/.test(String(error))) reject(error);
		});
	});
}

export function closeEvent(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
}

/**
 * A minimal y-websocket client that keeps every document update it receives, exactly as it came
 * over the wire, and applies them to its own doc: for tests about what a client can ever see.
 */
export function recordingClient(url: string, cookie: string) {
	const doc = new Y.Doc();
	const received: Uint8Array[] = [];
	const ws = new WebSocket(url, { headers: { cookie } });
	ws.binaryType = 'arraybuffer';
	ws.on('open', () => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeSyncStep1(encoder, doc);
		ws.send(encoding.toUint8Array(encoder));
	});
	ws.on('message', (data: ArrayBuffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== 0) return;
		const kind = decoding.readVarUint(decoder);
		if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate) {
			const update = decoding.readVarUint8Array(decoder);
			received.push(update);
			Y.applyUpdate(doc, update);
		}
	});
	const opened = new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	return { doc, received, ws, opened };
}

/** Every JSON value carried by a set of updates (map values and array items), as one string. */
export function wireValues(updates: Uint8Array[]): string {
	const values: unknown[] = [];
	for (const update of updates) {
		for (const struct of Y.decodeUpdate(update).structs) {
			const content = (struct as { content?: { getContent?: () => unknown[] } }).content;
			if (content?.getContent) values.push(...content.getContent());
		}
	}
	return JSON.stringify(values, (_, v) => (v instanceof Y.AbstractType ? '[type]' : v));
}

/**
 * A raw socket that announces nothing and keeps every presence state it is sent, decoded exactly
 * as it came over the wire: for tests about what presence can ever reach a client.
 */
export function presenceRecorder(url: string, cookie: string) {
	const states: { clientId: number; state: Record<string, unknown> | null }[] = [];
	const ws = new WebSocket(url, { headers: { cookie } });
	ws.binaryType = 'arraybuffer';
	ws.on('message', (data: ArrayBuffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== 1) return;
		const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
		const count = decoding.readVarUint(update);
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(update);
			decoding.readVarUint(update);
			states.push({ clientId, state: JSON.parse(decoding.readVarString(update)) });
		}
	});
	const opened = new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	return { states, ws, opened };
}

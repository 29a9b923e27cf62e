import WebSocket from 'ws';
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

import {
	request,
	type IncomingMessage,
	type OutgoingHttpHeaders,
	type ServerResponse
} from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Marks an upgrade another process passed on: the receiver serves it itself or refuses it, and
 * never passes it on again (no loops while ownership moves). A client may send it too; all it
 * gets is that refusal when the process it reached does not own the workshop.
 */
export const RELAYED_HEADER = 'x-converge-relayed';

/** "host:port", with an IPv6 host in brackets. */
export function splitAddress(address: string): { host: string; port: number } {
	const colon = address.lastIndexOf(':');
	return {
		host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'),
		port: Number(address.slice(colon + 1))
	};
}

/**
 * Passes a WebSocket upgrade through to the process at `address`, byte for byte: the request as
 * it came (cookies, Origin and Host included, so the owner authorises it exactly as if the client
 * had reached it), then both directions piped until either side closes ([SX2]). Nothing here reads
 * the protocol: permissions, blind voting and batching stay the owner's.
 */
export function relayUpgrade(
	req: IncomingMessage,
	socket: Duplex,
	head: Buffer,
	address: string,
	from: string
): void {
	const upstream = connect(splitAddress(address));
	upstream.setNoDelay(true);
	(socket as Partial<Socket>).setNoDelay?.(true);
	let connected = false;
	upstream.once('connect', () => {
		connected = true;
		let request = `${req.method} ${req.url} HTTP/1.1\r\n`;
		for (let i = 0; i < req.rawHeaders.length; i += 2) {
			if (req.rawHeaders[i].toLowerCase() === RELAYED_HEADER) continue;
			request += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
		}
		request += `${RELAYED_HEADER}: ${from}\r\n\r\n`;
		upstream.write(request);
		if (head.length > 0) upstream.write(head);
		upstream.pipe(socket);
		socket.pipe(upstream);
	});
	upstream.on('error', () => {
		// The owner went away before it answered: the client tries again, maybe on a new owner.
		if (!connected) refuseBusy(socket);
		else socket.destroy();
	});
	upstream.on('close', () => socket.destroy());
	socket.on('error', () => upstream.destroy());
	socket.on('close', () => upstream.destroy());
}

/** 503 with a short Retry-After: the workshop is changing owner. */
export function refuseBusy(socket: Duplex): void {
	const message = 'this workshop is changing server; try again';
	socket.end(
		`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`
	);
}

/**
 * Passes an HTTP request through to the process at `address` and its answer back (status,
 * headers and body streamed both ways), for requests about one workshop that its owner must
 * serve: its timer, members, share links and executive page read the owner's rooms ([SX6]).
 */
export function relayRequest(
	req: IncomingMessage,
	res: ServerResponse,
	address: string,
	from: string
): void {
	const { host, port } = splitAddress(address);
	const headers: OutgoingHttpHeaders = { ...req.headers, [RELAYED_HEADER]: from };
	const upstream = request({ host, port, method: req.method, path: req.url, headers }, (answer) => {
		res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
		answer.pipe(res);
	});
	upstream.setNoDelay(true);
	upstream.on('error', () => {
		if (res.headersSent) return void res.destroy();
		res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
		res.end('this workshop is changing server; try again');
	});
	// The client left (an executive page closed its event stream): so does the relayed request.
	res.on('close', () => upstream.destroy());
	req.pipe(upstream);
}

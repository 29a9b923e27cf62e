import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A minimal WebSocket client on a bare TCP socket. With hundreds of sockets each receiving
 * every write in the room, a full client (ws, y-websocket) would spend the bench process's core
 * decoding N² messages and the bench would measure itself. A sink socket only walks frame
 * headers to count messages and bytes; a socket given `onMessage` also hands over payloads.
 * No extensions are offered, so no server compresses.
 */
export interface RawSocketOptions {
	host: string;
	port: number;
	path: string;
	headers?: Record<string, string>;
	/**
	 * Receives every complete binary or text message; without it messages are only counted.
	 * Returning true hands over no more: the socket only counts from then on (a participant's
	 * socket that watches for its first sync, then reads in turns like any counting socket).
	 */
	onMessage?: (payload: Uint8Array) => boolean | void;
	timeoutMs?: number;
}

const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/**
 * One read buffer for every socket: reads are handled synchronously, one at a time, and anything
 * kept past a read (a split frame header, a payload being collected) is copied out of it. This
 * spares an allocation and an event per read, which matters with hundreds of busy sockets.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/**
 * Counting sockets read in turns: each one paused after a read is resumed at its group's next
 * turn, so it reads at most every SINK_READ_INTERVAL_MS, each time all that arrived. Meanwhile
 * the data waits in the kernel's receive buffer (a few KB at these rates, far below its size), so
 * servers see no backpressure; what it saves is one read (a system call and a callback) per
 * message, which at N = 500 cost the bench process as much CPU as the server it measured.
 * Sockets that decode (observers) always read at once: their timing is measured.
 */
const SINK_READ_INTERVAL_MS = 50;
const sinkReads = (() => {
	const groups = 10;
	const paused: Set<Socket>[] = Array.from({ length: groups }, () => new Set());
	let next = 0;
	let turn = 0;
	let timer: NodeJS.Timeout | undefined;
	const assigned = new WeakMap<Socket, number>();
	return {
		pause(socket: Socket) {
			let group = assigned.get(socket);
			if (group === undefined) assigned.set(socket, (group = next++ % groups));
			paused[group].add(socket);
			if (!timer) {
				timer = setInterval(() => {
					turn = (turn + 1) % groups;
					for (const waiting of paused[turn]) waiting.resume();
					paused[turn].clear();
					if (paused.every((set) => set.size === 0)) {
						clearInterval(timer);
						timer = undefined;
					}
				}, SINK_READ_INTERVAL_MS / groups);
				timer.unref();
			}
		}
	};
})();

export class RawSocket {
	/** Bytes received after the handshake, frame headers included. */
	bytes = 0;
	/** Complete data messages received. */
	messages = 0;
	/** The code of the server's close frame, once it sent one (1005: none given). */
	closeCode: number | null = null;
	readonly closed: Promise<void>;
	/** Resolves when the first data message arrives. */
	readonly firstMessage: Promise<void>;
	#markFirst: () => void = () => {};
	#socket: Socket;
	#onMessage?: (payload: Uint8Array) => boolean | void;
	/** The upgrade response so far; null once the upgrade completed. */
	#head: Buffer | null = Buffer.alloc(0);
	#upgraded: (error?: Error) => void;
	#rest: Buffer | null = null;
	#opcode = 0;
	#fin = true;
	#remaining = 0;
	#parts: Buffer[] = [];
	#collect = false;

	private constructor(options: RawSocketOptions, upgraded: (error?: Error) => void) {
		const { host, port, path, headers = {} } = options;
		this.#onMessage = options.onMessage;
		this.#upgraded = upgraded;
		this.#socket = connect({
			host,
			port,
			noDelay: true,
			onread: {
				buffer: READ_BUFFER,
				callback: (size: number, buffer: Uint8Array) => {
					this.#read(buffer.subarray(0, size) as Buffer);
					// A counting socket pauses after each read until its turn comes again.
					if (this.#onMessage || this.#head !== null) return true;
					sinkReads.pause(this.#socket);
					return false;
				}
			}
		});
		this.closed = new Promise((resolve) => this.#socket.once('close', () => resolve()));
		this.firstMessage = new Promise((resolve) => (this.#markFirst = resolve));
		this.#socket.on('error', (error) => {
			this.#socket.destroy();
			this.#upgraded(error);
		});
		this.#socket.once('close', () => this.#upgraded(new Error(`${path}: closed`)));
		this.#socket.once('connect', () => {
			const lines = [
				`GET ${path} HTTP/1.1`,
				`Host: ${host}:${port}`,
				'Upgrade: websocket',
				'Connection: Upgrade',
				`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
				'Sec-WebSocket-Version: 13',
				...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
			];
			this.#socket.write(`${lines.join('\r\n')}\r\n\r\n`);
		});
	}

	/** Opens a socket and completes the upgrade; rejects with the server's status line if refused. */
	static open(options: RawSocketOptions): Promise<RawSocket> {
		const timeoutMs = options.timeoutMs ?? 30_000;
		return new Promise((resolve, reject) => {
			let settled = false;
			const raw: RawSocket = new RawSocket(options, (error) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				if (error) {
					raw.destroy();
					reject(error);
				} else {
					resolve(raw);
				}
			});
			const timer = setTimeout(() => {
				settled = true;
				raw.destroy();
				reject(new Error(`upgrade of ${options.path} timed out`));
			}, timeoutMs);
		});
	}

	get open(): boolean {
		return !this.#socket.destroyed && this.#socket.writable;
	}

	/** Sends one binary message. */
	send(payload: Uint8Array): void {
		if (this.open) this.#socket.write(frame(OPCODE.binary, payload));
	}

	/** Starts the closing handshake and cuts the socket if the server does not finish it. */
	async close(graceMs = 1000): Promise<void> {
		if (this.open) this.#socket.write(frame(OPCODE.close, new Uint8Array([0x03, 0xe8])));
		const cut = setTimeout(() => this.#socket.destroy(), graceMs);
		await this.closed;
		clearTimeout(cut);
	}

	destroy(): void {
		this.#socket.destroy();
	}

	#read(chunk: Buffer) {
		if (this.#head === null) return this.#receive(chunk);
		const head = Buffer.concat([this.#head, chunk]);
		const end = head.indexOf('\r\n\r\n');
		if (end < 0) {
			this.#head = head;
			if (head.length > 16 * 1024) this.#upgraded(new Error('upgrade response too long'));
			return;
		}
		this.#head = null;
		const status = head.subarray(0, head.indexOf('\r\n')).toString();
		if (!/^HTTP\/1\.1 101/.test(status)) {
			this.#upgraded(new Error(`upgrade refused: ${status}`));
			return;
		}
		this.#upgraded();
		// Frames that came with the response: handled once the caller holds the socket, and
		// before the next read (a microtask runs before the next I/O callback).
		const leftover = head.subarray(end + 4);
		if (leftover.length > 0) queueMicrotask(() => this.#receive(leftover));
	}

	/** Walks the frames in `chunk`, which is only valid during this call. */
	#receive(chunk: Buffer) {
		this.bytes += chunk.length;
		let data = chunk;
		if (this.#rest) {
			data = Buffer.concat([this.#rest, chunk]);
			this.#rest = null;
		}
		let offset = 0;
		while (offset < data.length) {
			if (this.#remaining > 0) {
				const take = Math.min(this.#remaining, data.length - offset);
				if (this.#collect) this.#parts.push(Buffer.from(data.subarray(offset, offset + take)));
				offset += take;
				this.#remaining -= take;
				if (this.#remaining === 0) this.#endFrame();
				continue;
			}
			const header = readHeader(data, offset);
			if (!header) {
				this.#rest = Buffer.from(data.subarray(offset));
				return;
			}
			offset += header.size;
			this.#opcode = header.opcode === OPCODE.continuation ? this.#opcode : header.opcode;
			this.#fin = header.fin;
			this.#remaining = header.length;
			const control = header.opcode >= OPCODE.close;
			this.#collect = control || this.#onMessage !== undefined;
			if (header.length === 0) this.#endFrame();
		}
	}

	#endFrame() {
		const opcode = this.#opcode;
		if (opcode === OPCODE.ping || opcode === OPCODE.pong || opcode === OPCODE.close) {
			const payload = Buffer.concat(this.#parts);
			this.#parts = [];
			if (opcode === OPCODE.ping && this.open) this.#socket.write(frame(OPCODE.pong, payload));
			if (opcode === OPCODE.close) {
				this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
				this.#socket.end();
			}
			return;
		}
		if (!this.#fin) return;
		if (this.messages++ === 0) this.#markFirst();
		if (this.#onMessage) {
			const payload = this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts);
			this.#parts = [];
			const view = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
			if (this.#onMessage(view) === true) this.#onMessage = undefined;
		}
	}
}

function readHeader(data: Buffer, offset: number) {
	if (data.length - offset < 2) return null;
	const b0 = data[offset];
	const b1 = data[offset + 1];
	let length = b1 & 0x7f;
	let size = 2;
	if (length === 126) {
		if (data.length - offset < 4) return null;
		length = data.readUInt16BE(offset + 2);
		size = 4;
	} else if (length === 127) {
		if (data.length - offset < 10) return null;
		length = Number(data.readBigUInt64BE(offset + 2));
		size = 10;
	}
	// Servers never mask; a masked frame would be a protocol error we do not need to handle.
	return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, length, size };
}

/** A masked client frame (RFC 6455 §5.3 requires clients to mask). */
function frame(opcode: number, payload: Uint8Array): Buffer {
	const length = payload.byteLength;
	const size = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const out = Buffer.allocUnsafe(size + 4 + length);
	out[0] = 0x80 | opcode;
	if (size === 2) {
		out[1] = 0x80 | length;
	} else if (size === 4) {
		out[1] = 0x80 | 126;
		out.writeUInt16BE(length, 2);
	} else {
		out[1] = 0x80 | 127;
		out.writeBigUInt64BE(BigInt(length), 2);
	}
	const mask = (Math.random() * 0x1_0000_0000) >>> 0;
	out.writeUInt32BE(mask, size);
	const key = out.subarray(size, size + 4);
	for (let i = 0; i < length; i++) out[size + 4 + i] = payload[i] ^ key[i & 3];
	return out;
}

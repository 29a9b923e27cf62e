import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that can be cut and restored on the same port: to the
 * server, the database is unreachable while it is down, as in a network or database outage.
 */
export class CuttableProxy {
	#server: Server | null = null;
	readonly #sockets = new Set<Socket>();
	port = 0;

	constructor(readonly target: { host: string; port: number }) {}

	async up(): Promise<void> {
		this.#server = createServer((client) => {
			const upstream = connect(this.target.port, this.target.host);
			for (const socket of [client, upstream]) {
				this.#sockets.add(socket);
				socket.on('close', () => this.#sockets.delete(socket));
			}
			client.on('error', () => upstream.destroy());
			upstream.on('error', () => client.destroy());
			client.pipe(upstream).pipe(client);
		});
		await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
		this.port = (this.#server.address() as AddressInfo).port;
	}

	/** Cuts the open connections (new ones still get through). */
	cut(): void {
		for (const socket of this.#sockets) socket.destroy();
	}

	/** Refuses new connections and cuts the open ones. */
	async down(): Promise<void> {
		const server = this.#server!;
		this.#server = null;
		const closed = new Promise((resolve) => server.close(resolve));
		this.cut();
		await closed;
	}
}

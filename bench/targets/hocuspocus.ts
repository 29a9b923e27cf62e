/**
 * A Hocuspocus server with its default configuration and no extensions (so no persistence), in
 * a process of its own on a free port of 127.0.0.1.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
await server.listen();
console.log(`running at http://127.0.0.1:${server.address.port}`);
const stop = async () => {
	await server.destroy();
	process.exit(0);
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);

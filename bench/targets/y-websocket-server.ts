/**
 * @y/websocket-server's reference server (its src/server.js) in a process of its own, on a free
 * port of 127.0.0.1. No persistence: the bench starts it without YPERSISTENCE, so y-leveldb is
 * imported but never opened, and documents live in memory only.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import type { WebSocketServer } from 'ws';

// The reference server uses its own copy of ws (6.x), not the project's; load that one.
const require = createRequire(import.meta.url);
const wsOfServer = createRequire(require.resolve('@y/websocket-server/package.json'));
// ws 6 exports its server class as `Server` only (the types are ws 8's, where it is an alias).
const { Server } = wsOfServer('ws') as { Server: typeof WebSocketServer };

const wss = new Server({ noServer: true });
const http = createServer((_, res) => res.writeHead(200).end('okay'));
wss.on('connection', setupWSConnection);
http.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
http.listen(0, '127.0.0.1', () => {
	console.log(`running at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
const stop = () => {
	http.closeAllConnections();
	http.close();
	process.exit(0);
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);

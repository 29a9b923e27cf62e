import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createApp, processApp, type App } from './app.ts';
import { readConfig } from './config.ts';
import { MigrationError } from './db/migrate.ts';
import {
	cameOverHttps,
	frameAncestors,
	securityHeaders,
	withFrameAncestors
} from './security-headers.ts';
import { handleUnsubscribePost } from './delivery/unsubscribe-http.ts';
import { handleOps } from './ops/http.ts';
import { log } from './ops/log.ts';

/** Production entry: SvelteKit's handler and the sync server on one HTTP server and port. */
const config = readConfig();
let app: App;
try {
	app = await processApp(() => createApp(config));
} catch (error) {
	if (error instanceof MigrationError) {
		log.error(`Converge cannot start: ${error.message}`);
		process.exit(1);
	}
	throw error;
}

// adapter-node assumes https unless told otherwise. This server speaks plain http, so without a
// configured ORIGIN (or a proxy's protocol header) say so on every request; the header is always
// overwritten, never taken from the client.
const PLAIN_HTTP = 'x-converge-protocol';
const direct = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (direct) process.env.PROTOCOL_HEADER = PLAIN_HTTP;

// adapter-node refuses bodies over BODY_SIZE_LIMIT (512 KB by default) before any route runs; a
// feedback CSV import may be 50 MiB (its route streams it to disk and counts), and every JSON
// route reads at most 1 MiB itself (src/lib/server/feedback-http.ts), so the outer limit sits
// just above the largest.
process.env.BODY_SIZE_LIMIT ??= String(50 * 1024 * 1024 + 64 * 1024);

// Built by `vite build`; imported after the app exists so SvelteKit's code finds it.
type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
const built = new URL('../build/handler.js', import.meta.url).href;
const { handler } = (await import(built)) as { handler: Handler };
function serve(req: IncomingMessage, res: ServerResponse) {
	if (direct) req.headers[PLAIN_HTTP] = 'http';
	// Static files and adapter-node's own errors never reach the hooks, so their security headers
	// are set here. SvelteKit's responses set the same headers and replace these, CSP included.
	const path = (req.url ?? '/').split('?', 1)[0];
	const policy = { https: cameOverHttps(req, process.env), embedOrigins: config.embedOrigins };
	for (const [name, value] of Object.entries(securityHeaders(path, policy))) {
		res.setHeader(name, value);
	}
	res.setHeader('content-security-policy', withFrameAncestors(null, frameAncestors(path, policy)));
	if (handleUnsubscribePost(app.db, req, res)) return;
	handler(req, res);
}
const { cluster } = app;
const server = createServer((req, res) => {
	// Load balancers and scrapers ask often: answered before headers, sessions and pages, and by
	// this process itself even when another one owns the workshop a path names.
	if (handleOps(app, req, res)) return;
	// With several processes, a request about a workshop another process owns is served there.
	if (!cluster) return serve(req, res);
	void cluster.passThroughHttp(req, res).then((passed) => passed || serve(req, res));
});
app.attach(server);

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
	log(`Converge is running at http://${config.host}:${port}`, { database: where });
});

let stopping = false;
async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	log(`${signal}: writing pending changes and stopping`);
	// Whatever happens, be gone within 5 s.
	setTimeout(() => process.exit(1), 4500).unref();
	server.close();
	server.closeAllConnections();
	await app.shutdown();
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

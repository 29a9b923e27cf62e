/**
 * A Converge process with the operations endpoints (/healthz, /readyz, /metrics) and the sync
 * server, but not SvelteKit's pages (those need `vite build`, which the integration tests run
 * before). It logs with the process logger, as server/index.ts does.
 *
 * With START_BARRIER=<dir> it loads, writes <dir>/<pid>, and waits for <dir>/go before it opens
 * the database, so that processes started together migrate at the same moment.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { handleOps } from '../../server/ops/http.ts';
import { log } from '../../server/ops/log.ts';

const barrier = process.env.START_BARRIER;
if (barrier) {
	await writeFile(join(barrier, String(process.pid)), '');
	const until = Date.now() + 120_000;
	while (!existsSync(join(barrier, 'go'))) {
		if (Date.now() > until) throw new Error('the start signal never came');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
const app = await createApp(readConfig());
const http = createServer((req, res) => {
	if (!handleOps(app, req, res)) res.writeHead(404).end();
});
app.attach(http);
http.listen(0, '127.0.0.1', () => {
	log(`Converge is running at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', async () => {
	http.close();
	http.closeAllConnections();
	await app.shutdown();
	process.exit(0);
});

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.ts';
import { sql } from '../db/sql.ts';
import { parseDocumentName } from '../sync/documents.ts';
import { CONTENT_TYPE, metrics } from './metrics.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// A proxy on the same machine makes every request come from loopback; these say it did.
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function digest(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}

/**
 * Who may read /metrics: with METRICS_TOKEN, whoever sends it as a bearer token; without, only a
 * scraper on this machine talking to the process directly (loopback, not through a proxy).
 */
export function metricsAccess(
	req: Pick<IncomingMessage, 'headers' | 'socket'>,
	token: string | undefined
): 'allowed' | 'unauthorized' | 'forbidden' {
	if (token) {
		const sent = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
		return timingSafeEqual(digest(sent), digest(token)) ? 'allowed' : 'unauthorized';
	}
	const loopback = LOOPBACK.has(req.socket.remoteAddress ?? '');
	const proxied = FORWARDED.some((header) => req.headers[header] !== undefined);
	return loopback && !proxied ? 'allowed' : 'forbidden';
}

/** Sets the gauges read from the app at scrape time and renders every metric. */
export async function scrape(app: App): Promise<string> {
	metrics.connections.set(app.sync.connectionCount);
	const workshops = new Set(app.rooms.loaded.map((name) => parseDocumentName(name)?.workshopId));
	workshops.delete(undefined);
	metrics.openWorkshops.set(workshops.size);
	try {
		const [row] = await app.db.query<{ backlog: number }>(
			sql`select count(*)::int as backlog from outbox where state = 'pending'`
		);
		metrics.outboxBacklog.set(row.backlog);
	} catch {
		// Counted in converge_database_errors_total; the rest of the scrape is still worth having.
		metrics.outboxBacklog.set(NaN);
	}
	return metrics.registry.render();
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean) {
	res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
	res.end(head ? undefined : body);
}

/**
 * Answers /healthz, /readyz and /metrics before anything else (no session, no page rendering);
 * returns false for every other request. `/healthz` says the process runs; `/readyz` whether it
 * should get traffic (docs/deploy.md).
 */
export function handleOps(app: App, req: IncomingMessage, res: ServerResponse): boolean {
	const path = (req.url ?? '/').split('?', 1)[0];
	if (path !== '/healthz' && path !== '/readyz' && path !== '/metrics') return false;
	const head = req.method === 'HEAD';
	if (req.method !== 'GET' && !head) {
		res.writeHead(405, { allow: 'GET, HEAD' }).end();
		return true;
	}
	const json = 'application/json';
	if (path === '/healthz') {
		send(res, 200, json, '{"alive":true}', head);
	} else if (path === '/readyz') {
		void app.readiness.check().then((report) => {
			send(res, report.ready ? 200 : 503, json, JSON.stringify(report), head);
		});
	} else {
		const access = metricsAccess(req, app.config.metricsToken);
		if (access === 'unauthorized') {
			res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
		} else if (access === 'forbidden') {
			send(res, 403, 'text/plain', 'metrics are served to loopback or with METRICS_TOKEN\n', head);
		} else {
			void scrape(app).then(
				(text) => send(res, 200, CONTENT_TYPE, text, head),
				() => send(res, 500, 'text/plain', 'scrape failed\n', head)
			);
		}
	}
	return true;
}

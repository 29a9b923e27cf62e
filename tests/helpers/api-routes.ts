import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestEvent } from '@sveltejs/kit';
import { createApp, forgetProcessApp, processApp, type App } from '../../server/app.ts';
import { validateSessionToken } from '../../server/auth/sessions.ts';
import { readConfig, type Config } from '../../server/config.ts';
import { handleUnsubscribePost } from '../../server/delivery/unsubscribe-http.ts';
import type { FreshDatabase } from './databases.ts';

type Handler = (event: RequestEvent) => Promise<Response> | Response;
type RouteModule = Record<string, Handler>;

/** Every `+server.ts` under src/routes/api: the real endpoint modules, loaded by Vite's resolver. */
const modules = import.meta.glob<RouteModule>('/src/routes/api/**/+server.ts');

interface Route {
	pattern: RegExp;
	names: string[];
	load: () => Promise<RouteModule>;
}

/** SvelteKit's file-system routing, enough for the API: static segments win over [params]. */
const routes: Route[] = Object.entries(modules)
	.map(([file, load]) => {
		const path = file.replace('/src/routes', '').replace(/\/\+server\.ts$/, '') || '/';
		const names: string[] = [];
		const source = path
			.split('/')
			.map((segment) => {
				const param = /^\[(\w+)\]$/.exec(segment);
				if (!param) return segment.replace(/[.]/g, '\\.');
				names.push(param[1]);
				return '([^/]+)';
			})
			.join('/');
		return { pattern: new RegExp(`^${source}$`), names, load };
	})
	.sort((a, b) => a.names.length - b.names.length);

export interface ApiServer {
	app: App;
	url: string;
	close(): Promise<void>;
}

/**
 * The App with SvelteKit's API endpoints served over real HTTP on a free port: requests reach the
 * route modules as SvelteKit would pass them (Request, params, locals from the session cookie),
 * without a build. Pages and hooks other than the session are not involved.
 */
export async function startApiServer(
	database: FreshDatabase,
	overrides: Partial<Config> = {}
): Promise<ApiServer> {
	const app = await createApp(
		{
			...readConfig({}),
			port: 0,
			databaseUrl: database.databaseUrl,
			dataDir: database.dataDir,
			...overrides
		},
		() => {}
	);
	forgetProcessApp();
	await processApp(() => Promise.resolve(app));
	const http = createServer((req, res) => {
		serve(app, req, res).catch((error) => {
			res.statusCode = 500;
			res.end(String(error?.stack ?? error));
		});
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	return {
		app,
		url: `http://127.0.0.1:${port}`,
		async close() {
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
			forgetProcessApp();
			await app.shutdown();
		}
	};
}

async function serve(app: App, req: IncomingMessage, res: ServerResponse) {
	// As in server/index.ts, before SvelteKit.
	if (handleUnsubscribePost(app.db, req, res)) return;
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const match = routes
		.map((route) => ({ route, m: route.pattern.exec(url.pathname) }))
		.find((r) => r.m);
	const handler = match && (await match.route.load())[req.method ?? 'GET'];
	if (!match || !handler) {
		res.statusCode = match ? 405 : 404;
		res.end();
		return;
	}
	const params = Object.fromEntries(
		match.route.names.map((name, i) => [name, decodeURIComponent(match.m![i + 1])])
	);
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		if (typeof value === 'string') headers.set(name, value);
		else if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
	}
	const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
	const request = new Request(url, {
		method: req.method,
		headers,
		body: hasBody ? bodyStream(req) : undefined,
		duplex: 'half'
	} as RequestInit);
	const token = /(?:^|;\s*)converge_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
	const session = token ? await validateSessionToken(app.db, token) : null;
	const event = {
		request,
		url,
		params,
		locals: { user: session?.user ?? null, session: session?.session ?? null },
		getClientAddress: () => req.headers['x-test-ip']?.toString() ?? req.socket.remoteAddress ?? '',
		route: { id: null }
	} as unknown as RequestEvent;
	const response = await handler(event);
	res.statusCode = response.status;
	response.headers.forEach((value, name) => res.setHeader(name, value));
	res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The request body as a web stream. When the route stops reading (a 413), the rest is drained
 * and dropped, so the client still gets the response. (Node's Readable.toWeb throws on data that
 * arrives after a cancel.)
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
	let cancelled = false;
	return new ReadableStream<Uint8Array>({
		start(controller) {
			req.on('data', (chunk: Buffer) => {
				if (cancelled) return;
				controller.enqueue(new Uint8Array(chunk));
				if ((controller.desiredSize ?? 1) <= 0) req.pause();
			});
			req.on('end', () => !cancelled && controller.close());
			req.on('error', (error) => !cancelled && controller.error(error));
		},
		pull() {
			req.resume();
		},
		cancel() {
			cancelled = true;
			req.resume();
		}
	});
}

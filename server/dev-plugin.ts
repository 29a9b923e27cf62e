import type { Plugin } from 'vite';
import { createApp, processApp } from './app.ts';
import { readConfig } from './config.ts';
import { handleUnsubscribePost } from './delivery/unsubscribe-http.ts';
import { handleOps } from './ops/http.ts';

/** Serves /sync on Vite's own HTTP server in `vite dev` and `vite preview`, beside HMR's socket. */
export function convergeSync(): Plugin {
	const start = async (httpServer: import('node:http').Server | null) => {
		if (!httpServer) return;
		const app = await processApp(() => createApp(readConfig()));
		app.attach(httpServer);
		httpServer.once('close', () => void app.shutdown());
	};
	return {
		name: 'converge-sync',
		async configureServer(server) {
			await start(server.httpServer as import('node:http').Server | null);
			// As in server/index.ts: health, metrics and the one-click unsubscribe are answered
			// before SvelteKit.
			server.middlewares.use((req, res, next) => {
				void processApp(() => createApp(readConfig())).then((app) => {
					if (!handleOps(app, req, res) && !handleUnsubscribePost(app.db, req, res)) next();
				});
			});
		},
		async configurePreviewServer(server) {
			await start(server.httpServer as import('node:http').Server);
		}
	};
}

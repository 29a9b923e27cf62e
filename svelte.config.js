import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { EXECUTIVE_LIVE_SCRIPT } from './src/lib/executive-live-script.js';

/** @type {`sha256-${string}`} */
const executiveScriptHash = `sha256-${createHash('sha256').update(EXECUTIVE_LIVE_SCRIPT).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Scripts run only from this site's files, SvelteKit's own inline start-up (by nonce) and the
		// executive page's inline script (by hash): an injected <script> or handler never runs.
		// Styles may be inline: Svelte writes style attributes, and a style cannot run code.
		// frame-ancestors is added per path by the hooks (server/security-headers.ts).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', executiveScriptHash],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				// 'self' covers the room's same-origin WebSocket (ws: and wss:) in CSP Level 3.
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		alias: {
			$server: 'server'
		},
		typescript: {
			// Type-check the Node-only backend, benchmarks and test configuration with the app.
			config: (tsconfig) => {
				tsconfig.include.push(
					'../server/**/*.ts',
					'../bench/**/*.ts',
					'../playwright.config.ts',
					'../eslint.config.spec.ts'
				);
				tsconfig.exclude.push('../build/**');
			}
		}
	}
};

export default config;

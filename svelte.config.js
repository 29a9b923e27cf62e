import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		alias: {
			$server: 'server'
		},
		typescript: {
			// Type-check the Node-only backend, benchmarks and test configuration with the app.
			config: (tsconfig) => {
				tsconfig.include.push('../server/**/*.ts', '../bench/**/*.ts', '../playwright.config.ts');
				tsconfig.exclude.push('../build/**');
			}
		}
	}
};

export default config;

import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { convergeSync } from './server/dev-plugin.ts';

export default defineConfig(({ command }) => ({
	plugins: [sveltekit(), ...(command === 'serve' && !process.env.VITEST ? [convergeSync()] : [])],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'eslint.config.spec.ts'],
					environment: 'node',
					// Opening an in-memory PGlite takes seconds on a busy 2-core machine.
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Two cores: one file at a time keeps socket timings honest.
					fileParallelism: false
				}
			}
		]
	}
}));

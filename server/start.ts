import { fileURLToPath } from 'node:url';
import { buildIfChanged } from './build-once.ts';

/**
 * `npm start`: builds the app only when its sources changed since the last build, then runs the
 * production entry. A second start on an unchanged tree serves within seconds.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
try {
	await buildIfChanged(root);
} catch (error) {
	console.error(`Converge cannot start: the build failed.\n${(error as Error).message}`);
	process.exit(1);
}
await import('./index.ts');

import { fileURLToPath } from 'node:url';
import { buildIfChanged } from './build-once.ts';
import { log } from './ops/log.ts';

/**
 * `npm start`: builds the app only when its sources changed since the last build, then runs the
 * production entry. A second start on an unchanged tree serves within seconds.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
try {
	await buildIfChanged(root, (line) => log(line));
} catch (error) {
	log.error('Converge cannot start: the build failed', { err: (error as Error).message });
	process.exit(1);
}
await import('./index.ts');

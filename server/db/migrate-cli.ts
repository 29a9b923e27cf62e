import { readConfig } from '../config.ts';
import { openDatabase } from './connection.ts';
import { migrate, MigrationError } from './migrate.ts';
import { log } from '../ops/log.ts';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
const config = readConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	const applied = await migrate(db, config.migrationsDir);
	log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
} catch (error) {
	if (!(error instanceof MigrationError)) throw error;
	log.error(`migration refused: ${error.message}`);
	process.exitCode = 1;
} finally {
	await db.close();
}

import { createApp, processApp, type App } from '$server/app.ts';
import { readConfig } from '$server/config.ts';

/** The process's App (database, sync server), created on first use when nothing else did. */
export function getApp(): Promise<App> {
	return processApp(() => createApp(readConfig()));
}

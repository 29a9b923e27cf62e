import type { Database } from './db/connection.ts';
import type { SyncServer } from './sync/socket-server.ts';
import type { Rooms } from './sync/rooms.ts';
import type { LiveWorkshops } from './voting/live-workshops.ts';

/**
 * The shared parts of a running process a use case may need. Each use case takes only those it
 * uses (`Pick<Services, 'db'>`), so it imports neither the whole container nor server/app.ts.
 */
export interface Services {
	db: Database;
	rooms: Rooms;
	sync: SyncServer;
	/** The workshops someone is connected to: tally, phase gate, timer. */
	live: LiveWorkshops;
}

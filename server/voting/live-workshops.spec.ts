import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/connection.ts';
import type { DocumentStore } from '../sync/persistence.ts';
import { documentName } from '../sync/documents.ts';
import { Rooms } from '../sync/rooms.ts';
import { createTallyDerivation } from '../../src/lib/model/tally-derivation.ts';
import { LiveWorkshops } from './live-workshops.ts';

/** A store that holds nothing: every document starts empty. */
function emptyStore(): DocumentStore {
	return {
		load: async () => [],
		append: () => {},
		whenCommitted: () => null,
		flush: async () => {},
		compact: async () => {},
		appendedSince: () => 0,
		close: async () => {}
	};
}

describe('LiveWorkshops', () => {
	it('[VD3] a workshop whose documents failed to load once loads again on the next connection', async () => {
		let failures = 1;
		const db: Queryable = {
			async query() {
				if (failures-- > 0) throw new Error('database unavailable');
				return [];
			},
			exec: async () => {}
		};
		const rooms = new Rooms({ store: emptyStore() });
		const live = new LiveWorkshops({
			db,
			rooms,
			whenCommitted: () => null,
			derivation: createTallyDerivation
		});
		await expect(live.connected('w1', 'u1')).rejects.toThrow('database unavailable');
		await live.connected('w1', 'u1');
		expect(live.gate('w1')).toBeDefined();
		await live.disconnected('w1');
		expect(live.gate('w1')).toBeUndefined();
	});

	it('[TB2] derives a change in an idle workshop at once, and gathers changes that follow within batchMs', async () => {
		const db: Queryable = { query: async () => [], exec: async () => {} };
		const live = new LiveWorkshops({
			db,
			rooms: new Rooms({ store: emptyStore() }),
			whenCommitted: () => null,
			derivation: createTallyDerivation,
			// Far longer than the test: a derivation that waited for the window would not come.
			batchMs: 60_000
		});
		let derivations = 0;
		live.subscribe('w1', () => derivations++);
		const derived = (count: number) =>
			new Promise<void>((resolve, reject) => {
				const deadline = Date.now() + 5000;
				const poll = () => {
					if (derivations >= count) resolve();
					else if (Date.now() > deadline) reject(new Error(`${derivations} derivations`));
					else setTimeout(poll, 5);
				};
				poll();
			});
		// Opening the workshop is its first change: derived at once, not after 60 s.
		await live.connected('w1', 'share:x');
		await derived(1);
		const control = documentName({ kind: 'control', workshopId: 'w1' });
		live.changed(control, new Uint8Array());
		live.changed(control, new Uint8Array());
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(derivations).toBe(1);
		// Both changes in one derivation.
		await live.settled();
		expect(derivations).toBe(2);
		await live.disconnected('w1');
	});
});

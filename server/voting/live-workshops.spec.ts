import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/connection.ts';
import type { DocumentStore } from '../sync/persistence.ts';
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
});

import { afterEach, describe, expect, it } from 'vitest';
import {
	applyAwarenessUpdate,
	Awareness,
	encodeAwarenessUpdate,
	outdatedTimeout
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { renewPresenceOnMessage } from './presence-renewal.ts';

describe('renewPresenceOnMessage', () => {
	const awarenesses: Awareness[] = [];
	const awareness = () => {
		const made = new Awareness(new Y.Doc());
		awarenesses.push(made);
		return made;
	};
	afterEach(() => awarenesses.splice(0).forEach((a) => a.destroy()));

	/** `hidden`'s own presence as last renewed `age` ms ago, and a message from `other`. */
	function setUp(age: number) {
		const hidden = awareness();
		const other = awareness();
		renewPresenceOnMessage(hidden);
		hidden.setLocalState({ user: { name: 'Ada' } });
		other.setLocalState({ user: { name: 'Bea' } });
		const own = hidden.meta.get(hidden.clientID)!;
		own.lastUpdated = Date.now() - age;
		const message = () =>
			applyAwarenessUpdate(hidden, encodeAwarenessUpdate(other, [other.clientID]), 'server');
		return { hidden, clock: own.clock, message };
	}

	it('renews a presence half a timeout old when a message from the room arrives', () => {
		const { hidden, clock, message } = setUp(outdatedTimeout / 2 + 1000);
		const sent: number[] = [];
		hidden.on('update', (_: unknown, origin: unknown) => {
			if (origin === 'local') sent.push(hidden.meta.get(hidden.clientID)!.clock);
		});
		message();
		expect(sent).toEqual([clock + 1]);
		expect(Date.now() - hidden.meta.get(hidden.clientID)!.lastUpdated).toBeLessThan(1000);
		expect(hidden.getLocalState()).toEqual({ user: { name: 'Ada' } });
	});

	it('leaves a recently renewed presence alone', () => {
		const { hidden, clock, message } = setUp(1000);
		message();
		expect(hidden.meta.get(hidden.clientID)!.clock).toBe(clock);
	});

	it('announces nothing for a client that left (no local state)', () => {
		const { hidden, message } = setUp(outdatedTimeout);
		hidden.setLocalState(null);
		const clock = hidden.meta.get(hidden.clientID)!.clock;
		hidden.meta.get(hidden.clientID)!.lastUpdated = Date.now() - outdatedTimeout;
		message();
		expect(hidden.getLocalState()).toBeNull();
		expect(hidden.meta.get(hidden.clientID)!.clock).toBe(clock);
	});
});

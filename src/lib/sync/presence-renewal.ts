import { outdatedTimeout, type Awareness } from 'y-protocols/awareness';

/**
 * Renews this client's presence when a message from the room arrives and the last renewal is half
 * a timeout old, as the awareness timer would. That timer runs every 3 s, but Chrome runs the
 * timers of a tab hidden for some minutes only once a minute: longer than the 30 s after which the
 * server and everyone else drop a presence that was not renewed, so a facilitator presenting from
 * another window would drop out of the room every minute. Messages still arrive in a hidden tab,
 * and in a room with anyone else in it at least every 15 s (everyone renews that often). Returns
 * what stops it.
 */
export function renewPresenceOnMessage(awareness: Awareness): () => void {
	const renew = (_changes: unknown, origin: unknown) => {
		// A renewal of our own is reported too, as 'local': not a message from the room.
		if (origin === 'local') return;
		const own = awareness.getLocalState();
		const meta = awareness.meta.get(awareness.clientID);
		if (own !== null && meta && Date.now() - meta.lastUpdated >= outdatedTimeout / 2) {
			awareness.setLocalState(own);
		}
	};
	awareness.on('update', renew);
	return () => awareness.off('update', renew);
}

import type { WebsocketProvider } from 'y-websocket';

/**
 * Makes a reconnected board connection rejoin the room's presence at once, rather than after
 * each person's next change or 15-second renewal (yjs/y-websocket#122).
 *
 * Awareness takes a client's state only with a clock newer than the last it saw of that client.
 * When a socket closes, y-websocket drops everyone else's state but keeps their clocks, and on
 * reconnecting it sends its own state again with the same clock; the server and the other members
 * have seen that clock, and this client has seen the clocks of the states the server sends it on
 * joining, so both would be ignored. A reconnect is common: a lock, a phase change or a new role
 * closes connections (4100). So on every reconnect this client forgets the clocks of the states it
 * dropped and announces its own with a new clock. Returns what stops it.
 */
export function rejoinPresence(provider: WebsocketProvider): () => void {
	const { awareness } = provider;
	const rejoin = ({ status }: { status: string }) => {
		// Reported when the socket opens, before anything arrives over it.
		if (status !== 'connected') return;
		for (const id of [...awareness.meta.keys()]) {
			if (id !== awareness.clientID && !awareness.states.has(id)) awareness.meta.delete(id);
		}
		const own = awareness.getLocalState();
		if (own !== null) awareness.setLocalState(own);
	};
	provider.on('status', rejoin);
	return () => provider.off('status', rejoin);
}

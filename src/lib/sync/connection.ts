/** What the room shows about its link to the server. */
export type ConnectionStatus =
	'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed' | 'trouble';

export interface ConnectionFacts {
	/** navigator.onLine and its events. */
	online: boolean;
	/** The WebSocket is open. */
	connected: boolean;
	/** The document has been exchanged over the current socket. */
	synced: boolean;
	/** The document was received at least once since the page opened. */
	everSynced: boolean;
	/** The server closed the connection with a code that says not to retry. */
	closed: boolean;
}

/**
 * A socket that is open but has not exchanged the document yet still counts as connecting: what
 * is on screen may be incomplete until then.
 */
export function connectionStatus(facts: ConnectionFacts): ConnectionStatus {
	if (facts.closed) return 'closed';
	if (!facts.online) return 'offline';
	if (facts.connected && facts.synced) return 'connected';
	return facts.everSynced ? 'reconnecting' : 'connecting';
}

export const STATUS_TEXT: Record<ConnectionStatus, { label: string; detail: string }> = {
	connecting: { label: 'Connecting…', detail: 'Loading the workshop' },
	connected: { label: 'Live', detail: 'Changes reach everyone instantly' },
	reconnecting: {
		label: 'Reconnecting…',
		detail: 'Your changes are kept and sent when the connection is back'
	},
	offline: {
		label: 'Offline',
		detail: 'You are offline; your changes are kept and sent when you reconnect'
	},
	closed: { label: 'Disconnected', detail: 'The server ended this connection' },
	trouble: {
		label: 'Server trouble, retrying…',
		detail: 'The server is having trouble; your changes are kept and sent once it recovers'
	}
};

const SEVERITY: readonly ConnectionStatus[] = [
	'closed',
	'offline',
	'trouble',
	'connecting',
	'reconnecting',
	'connected'
];

/**
 * One status for a room made of several documents: the most severe of theirs. A room is only
 * live when every document is, and a document the server closed for good needs attention even
 * while the others work. "Connecting" outranks "reconnecting": something was never loaded.
 */
export function combinedStatus(statuses: readonly ConnectionStatus[]): ConnectionStatus {
	let worst = SEVERITY.length - 1;
	for (const status of statuses) worst = Math.min(worst, SEVERITY.indexOf(status));
	return SEVERITY[worst];
}

/**
 * The room's status once the server's health is known: a connection that cannot get through while
 * the server says it is in trouble (ServerHealth) is shown as that, not as a network problem.
 */
export function withServerTrouble(status: ConnectionStatus, troubled: boolean): ConnectionStatus {
	return troubled && (status === 'connecting' || status === 'reconnecting') ? 'trouble' : status;
}

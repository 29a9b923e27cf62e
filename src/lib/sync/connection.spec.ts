import { describe, expect, it } from 'vitest';
import { connectionStatus, type ConnectionFacts } from './connection.ts';

const base: ConnectionFacts = {
	online: true,
	connected: false,
	synced: false,
	everSynced: false,
	closed: false
};

describe('connectionStatus', () => {
	it.each<[string, Partial<ConnectionFacts>, string]>([
		['is connecting before the first sync', {}, 'connecting'],
		[
			'is still connecting while the socket is open but unsynced',
			{ connected: true },
			'connecting'
		],
		['is connected once synced', { connected: true, synced: true, everSynced: true }, 'connected'],
		['is reconnecting after a drop', { everSynced: true }, 'reconnecting'],
		['is offline when the browser says so', { online: false, everSynced: true }, 'offline'],
		['is closed when the server said not to retry', { closed: true, online: false }, 'closed']
	])('%s', (_name, facts, expected) => {
		expect(connectionStatus({ ...base, ...facts })).toBe(expected);
	});
});

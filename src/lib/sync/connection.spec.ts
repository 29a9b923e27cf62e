import { describe, expect, it } from 'vitest';
import {
	combinedStatus,
	connectionStatus,
	withServerTrouble,
	type ConnectionFacts,
	type ConnectionStatus
} from './connection.ts';

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

describe('combinedStatus', () => {
	it.each<[string, ConnectionStatus[], ConnectionStatus]>([
		['is connected when every document is', ['connected', 'connected'], 'connected'],
		['is closed when any document was closed for good', ['connected', 'closed'], 'closed'],
		['is offline while the browser is', ['offline', 'connected'], 'offline'],
		['is connecting while one document never loaded', ['reconnecting', 'connecting'], 'connecting'],
		['is reconnecting while one document is away', ['connected', 'reconnecting'], 'reconnecting'],
		['is connected for no documents at all', [], 'connected']
	])('%s', (_name, statuses, expected) => {
		expect(combinedStatus(statuses)).toBe(expected);
	});
});

describe('withServerTrouble', () => {
	it('[W5] shows a connection that cannot get through as server trouble while the server says so', () => {
		expect(withServerTrouble('reconnecting', true)).toBe('trouble');
		expect(withServerTrouble('connecting', true)).toBe('trouble');
		expect(withServerTrouble('reconnecting', false)).toBe('reconnecting');
		for (const status of ['connected', 'offline', 'closed'] as const) {
			expect(withServerTrouble(status, true)).toBe(status);
		}
	});
});

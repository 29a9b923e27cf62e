import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { metricsAccess } from './http.ts';

function request(remoteAddress: string, headers: Record<string, string> = {}) {
	return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('metricsAccess', () => {
	it('[SO5] without a token, allows loopback (IPv4, IPv6, mapped) and nothing else', () => {
		for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
			expect(metricsAccess(request(address), undefined), address).toBe('allowed');
		}
		for (const address of ['10.0.0.5', '192.168.1.20', '203.0.113.9', '::ffff:10.0.0.5']) {
			expect(metricsAccess(request(address), undefined), address).toBe('forbidden');
		}
	});

	it('[SO5] without a token, refuses loopback that a proxy forwarded', () => {
		expect(
			metricsAccess(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), undefined)
		).toBe('forbidden');
		expect(metricsAccess(request('127.0.0.1', { forwarded: 'for=198.51.100.1' }), undefined)).toBe(
			'forbidden'
		);
	});

	it('[SO5] with a token, allows exactly its bearer from any address, loopback included', () => {
		const token = 'a-long-random-token';
		expect(metricsAccess(request('10.0.0.5', { authorization: `Bearer ${token}` }), token)).toBe(
			'allowed'
		);
		expect(metricsAccess(request('127.0.0.1'), token)).toBe('unauthorized');
		for (const authorization of [token, `Bearer ${token}x`, `Basic ${token}`, 'Bearer ']) {
			expect(metricsAccess(request('10.0.0.5', { authorization }), token), authorization).toBe(
				'unauthorized'
			);
		}
	});
});

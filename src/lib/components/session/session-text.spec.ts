import { describe, expect, it } from 'vitest';
import { apiErrorMessage, notVoted } from './session-text.ts';

describe('notVoted', () => {
	const members = [
		{ userId: 'u1', name: 'Bo', role: 'participant' },
		{ userId: 'u2', name: 'Ana', role: 'facilitator' },
		{ userId: 'u3', name: 'Cy', role: 'observer' },
		{ userId: 'u4', name: 'Di', role: 'viewer' },
		{ userId: 'u5', name: 'Ed', role: 'participant' }
	];

	it('names voters without a vote, alphabetically, leaving out observers and viewers', () => {
		expect(notVoted(members, new Set(['u5'])).map((m) => m.name)).toEqual(['Ana', 'Bo']);
	});

	it('is empty once everyone who may vote has', () => {
		expect(notVoted(members, new Set(['u1', 'u2', 'u5']))).toEqual([]);
	});
});

describe('apiErrorMessage', () => {
	it('uses the server message', () => {
		const body = {
			error: { code: 'last_facilitator', message: 'A workshop needs a facilitator.' }
		};
		expect(apiErrorMessage(body, 409, 'change the role')).toBe('A workshop needs a facilitator.');
	});

	it('falls back to the status when the body says nothing', () => {
		expect(apiErrorMessage(null, 502, 'start the timer')).toBe(
			'Could not start the timer (the server answered 502).'
		);
	});
});

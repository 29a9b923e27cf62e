import { describe, expect, it } from 'vitest';
import type { Gate } from '$lib/model/session.ts';
import {
	apiErrorMessage,
	minuteAnnouncement,
	msToNextSecond,
	notVoted,
	phaseHint
} from './session-text.ts';

describe('phaseHint', () => {
	const open = { locked: false, ideasWhileScoring: false };
	it.each<[Gate, string]>([
		[{ phase: 'collect', ...open }, 'Collecting ideas: add ideas and vote on them'],
		[{ phase: 'score', ...open }, 'Scoring: ideas are closed; vote on every idea'],
		[
			{ phase: 'score', locked: false, ideasWhileScoring: true },
			'Scoring: add ideas and vote on them'
		],
		[
			{ phase: 'discuss', ...open },
			'Discussing: ideas and votes are closed; follow the discussion'
		],
		[{ phase: 'decide', ...open }, 'Deciding: ideas and votes are closed; follow the discussion'],
		[
			{ phase: 'collect', locked: true, ideasWhileScoring: false },
			'Locked: the board and the votes are frozen for now'
		]
	])('explains %j', (gate, line) => {
		expect(phaseHint(gate)).toBe(line);
	});
});

describe('minuteAnnouncement', () => {
	it.each([
		[5 * 60_000, false, '5 minutes left'],
		[4 * 60_000 + 1, false, '5 minutes left'],
		[4 * 60_000, false, '4 minutes left'],
		[59_000, false, 'Less than a minute left'],
		[0, false, "Time's up"],
		[125_000, true, 'Timer paused, 3 minutes left'],
		[30_000, true, 'Timer paused, less than a minute left']
	])('says %d ms (paused: %s) as "%s"', (ms, paused, words) => {
		expect(minuteAnnouncement(ms, paused)).toBe(words);
	});

	it('stays the same within a minute, so a live region speaks once a minute', () => {
		const said = new Set([170_000, 150_000, 121_000].map((ms) => minuteAnnouncement(ms, false)));
		expect([...said]).toEqual(['3 minutes left']);
	});
});

describe('msToNextSecond', () => {
	it.each([
		[4250, 250],
		[4000, 1000],
		[999, 999]
	])('wakes %d ms before zero after %d ms', (ms, wait) => {
		expect(msToNextSecond(ms)).toBe(wait);
	});
});

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

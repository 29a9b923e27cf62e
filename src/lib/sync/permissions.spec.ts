import { describe, expect, it } from 'vitest';
import type { Gate } from '$lib/model/session.ts';
import { isVoter } from '$lib/model/members.ts';
import { permissions } from './permissions.ts';

const gate = (patch: Partial<Gate> = {}): Gate => ({
	phase: 'collect',
	locked: false,
	ideasWhileScoring: false,
	earlyScoring: false,
	...patch
});

describe('isVoter', () => {
	it.each([
		['facilitator', true],
		['participant', true],
		['observer', false],
		['viewer', false]
	] as const)('says whether a %s votes', (role, expected) => {
		expect(isVoter(role)).toBe(expected);
	});
});

describe('permissions', () => {
	it('[RM8] lets a participant add ideas while collecting, and score only once it opens', () => {
		expect(permissions('participant', gate())).toEqual({
			canVote: false,
			canEditIdeas: true,
			votingNote: 'Scoring opens in the Score phase.',
			ideasNote: null
		});
		expect(permissions('participant', gate({ earlyScoring: true }))).toEqual({
			canVote: true,
			canEditIdeas: true,
			votingNote: null,
			ideasNote: null
		});
	});

	it('[RM8] holds a facilitator back from scoring before it opens, and says how to open it', () => {
		const p = permissions('facilitator', gate());
		expect([p.canVote, p.canEditIdeas]).toEqual([false, true]);
		expect(p.votingNote).toMatch(/^Scoring opens in the Score phase\. Allow early scoring/);
		expect(permissions('facilitator', gate({ earlyScoring: true })).canVote).toBe(true);
	});

	it('closes ideas but not votes to participants while scoring', () => {
		const p = permissions('participant', gate({ phase: 'score' }));
		expect([p.canVote, p.canEditIdeas]).toEqual([true, false]);
		expect(p.ideasNote).toBe('Ideas are closed while the group scores them.');
	});

	it('keeps ideas open while scoring when the facilitator allows it', () => {
		expect(
			permissions('participant', gate({ phase: 'score', ideasWhileScoring: true })).canEditIdeas
		).toBe(true);
	});

	it('explains a closed phase by its name', () => {
		const p = permissions('participant', gate({ phase: 'discuss' }));
		expect(p.canVote).toBe(false);
		expect(p.votingNote).toBe('Voting is closed in the “Discuss” phase.');
	});

	it('freezes a participant when locked, whatever the phase', () => {
		const p = permissions('participant', gate({ locked: true }));
		expect([p.canVote, p.canEditIdeas]).toEqual([false, false]);
		expect(p.votingNote).toMatch(/locked/);
	});

	it('never holds a facilitator back, but tells them what participants cannot do', () => {
		const p = permissions('facilitator', gate({ locked: true, phase: 'decide' }));
		expect([p.canVote, p.canEditIdeas]).toEqual([true, true]);
		expect(p.votingNote).toBe('Locked: participants’ votes are frozen until you unlock.');
	});

	it.each(['observer', 'viewer'] as const)('lets a %s change nothing', (role) => {
		const p = permissions(role, gate());
		expect([p.canVote, p.canEditIdeas]).toEqual([false, false]);
		expect(p.votingNote).toBeTruthy();
	});
});

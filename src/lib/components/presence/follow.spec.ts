import { describe, expect, it } from 'vitest';
import { followStep, initialFollow, pickLeader, type Candidate } from './follow.ts';

const rice = { tab: 'rice', results: 'rice', idea: null };
const moscow = { tab: 'moscow', results: 'rice', idea: 'a1b2c3d4e5f60718' };

describe('followStep', () => {
	it('shows the leader’s view while following, each change once', () => {
		let step = followStep(initialFollow(true), { type: 'leader', view: rice });
		expect(step.show).toEqual(rice);
		step = followStep(step.state, { type: 'leader', view: { ...rice } });
		expect(step.show).toBeNull();
		step = followStep(step.state, { type: 'leader', view: moscow });
		expect(step.show).toEqual(moscow);
	});

	it('leaves follow mode when the person picks a tab, and then ignores the leader', () => {
		let step = followStep(initialFollow(true), { type: 'leader', view: rice });
		step = followStep(step.state, { type: 'choose' });
		expect(step.state.following).toBe(false);
		step = followStep(step.state, { type: 'leader', view: moscow });
		expect(step.show).toBeNull();
	});

	it('on “Follow again” shows the leader’s current view even if it was shown before', () => {
		let step = followStep(initialFollow(true), { type: 'leader', view: rice });
		step = followStep(step.state, { type: 'choose' });
		step = followStep(step.state, { type: 'follow' });
		step = followStep(step.state, { type: 'leader', view: rice });
		expect(step.state.following).toBe(true);
		expect(step.show).toEqual(rice);
	});

	it('shows nothing while no facilitator shares a view', () => {
		const step = followStep(initialFollow(true), { type: 'leader', view: null });
		expect(step.show).toBeNull();
		expect(step.state.following).toBe(true);
	});

	it('never moves someone who does not follow (a facilitator)', () => {
		expect(followStep(initialFollow(false), { type: 'leader', view: rice }).show).toBeNull();
	});
});

describe('pickLeader', () => {
	const candidate = (clientId: number, userId: string, seenAt: number): Candidate => ({
		clientId,
		userId,
		name: userId,
		colour: '#000',
		view: rice,
		seenAt
	});

	it('follows the facilitator who moved last', () => {
		const leader = pickLeader([candidate(1, 'fa', 10), candidate(2, 'fb', 20)], ['fa', 'fb'], 'me');
		expect(leader?.userId).toBe('fb');
	});

	it('breaks a tie by the order of the facilitators', () => {
		const leader = pickLeader([candidate(1, 'fb', 0), candidate(2, 'fa', 0)], ['fa', 'fb'], 'me');
		expect(leader?.userId).toBe('fa');
	});

	it('follows nobody who is not a facilitator, nor yourself', () => {
		expect(pickLeader([candidate(1, 'p', 5)], ['fa'], 'me')).toBeNull();
		expect(pickLeader([candidate(1, 'fa', 5)], ['fa'], 'fa')).toBeNull();
	});
});

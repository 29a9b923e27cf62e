import { describe, expect, it } from 'vitest';
import { standingOf } from './standing.ts';

const base = { visible: true, votes: 3, voters: 4 };

describe('standingOf', () => {
	it('says results are hidden in a blind framework, with the vote count only', () => {
		expect(
			standingOf('rice', { ...base, visible: false, row: { ranking: { rank: 1, score: 9 } } })
		).toBe('Results hidden until the facilitator reveals them · 3 of 4 voted');
	});

	it('gives the quadrant and the medians on the matrix', () => {
		const row = { median: { value: 80, effort: 20 }, spread: { value: 10, effort: 5 }, count: 3 };
		expect(standingOf('matrix', { ...base, row })).toBe(
			'Quick wins · value 80, effort 20 · placed by 3 people'
		);
	});

	it('gives rank and score in a numeric framework', () => {
		expect(
			standingOf('rice', { ...base, row: { ranking: { rank: 2, score: 13.46, voters: 3 } } })
		).toBe('Rank 2 · score 13.5 · 3 of 4 voted');
	});

	it('gives the decided bucket, else the consensus, in MoSCoW', () => {
		expect(standingOf('moscow', { ...base, row: { final: 'must', consensus: 'should' } })).toBe(
			'Decided: Must'
		);
		expect(
			standingOf('moscow', { ...base, row: { final: null, consensus: 'could', agreement: 0.666 } })
		).toBe('Most say Could (67% agree) · 3 of 4 voted');
	});

	it('gives dots and pledges', () => {
		expect(standingOf('dots', { ...base, row: { rank: 1, dots: 7, voters: 3 } })).toBe(
			'Rank 1 · 7 dots from 3 people'
		);
		expect(
			standingOf('budget', { ...base, row: { pledged: 60, price: 50, backers: 2, bought: true } })
		).toBe('60 of 50 pledged by 2 people · bought');
	});

	it('gives only a count for results held back in an anonymous workshop, or malformed', () => {
		expect(standingOf('ice', { ...base, row: { hidden: true, count: 2 } })).toBe(
			'3 of 4 voted · results show once 3 people have voted'
		);
		expect(standingOf('wsjf', { ...base, row: { ranking: 'nonsense' } })).toBe('3 of 4 voted');
		expect(standingOf('wsjf', { ...base, votes: 0, row: undefined })).toBe(
			'Nobody has scored it yet'
		);
	});
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addIdea } from './board.ts';
import { readOutcome } from './outcome.ts';

function setup() {
	const board = new Y.Doc();
	const control = new Y.Doc();
	const tally = new Y.Doc();
	control.getMap('settings').set('frameworks', ['rice']);
	const a = addIdea(board, { title: 'SSO', createdBy: 'u' }, 1);
	const b = addIdea(board, { title: 'Dark mode', createdBy: 'u' }, 2);
	const c = addIdea(board, { title: 'Not scored', createdBy: 'u' }, 3);
	const aggregates = tally.getMap('aggregates');
	aggregates.set(`rice|${a}`, {
		median: { reach: 1, impact: 1, confidence: 100, effort: 4 },
		ranking: { rank: 2, score: 5, voters: 3, spread: 1 }
	});
	aggregates.set(`rice|${b}`, {
		median: { reach: 1, impact: 1, confidence: 100, effort: 2 },
		ranking: { rank: 1, score: 9, voters: 3, spread: 0 }
	});
	return { board, control, tally, a, b, c };
}

describe('readOutcome', () => {
	it("ranks by the roadmap's framework and fills the roadmap with RICE effort", () => {
		const { board, control, tally, a, b, c } = setup();
		control.getMap('roadmap').set('capacity', { now: 3, next: 10, later: null });
		const outcome = readOutcome(board, control, tally);
		expect(outcome.framework).toBe('rice');
		expect(outcome.ranked.map((r) => [r.ideaId, r.rank, r.effort])).toEqual([
			[b, 1, 2],
			[a, 2, 4]
		]);
		expect(outcome.unscored.map((u) => u.ideaId)).toEqual([c]);
		// Now holds 3: rank 1 (effort 2) fits, rank 2 (effort 4) goes to Next.
		const columns = Object.fromEntries(
			outcome.roadmap.columns.map((col) => [col.horizon, col.cards.map((card) => card.ideaId)])
		);
		expect(columns).toEqual({ now: [b], next: [a], later: [] });
		expect(outcome.effortSource).toMatch(/RICE/);
	});

	it('shows nothing ranked while the framework is blind and not revealed', () => {
		const { board, control, tally } = setup();
		control.getMap('settings').set('blind', true);
		const outcome = readOutcome(board, control, tally);
		expect(outcome.hidden).toBe(true);
		expect(outcome.ranked).toEqual([]);
		control.getMap('revealed').set('rice', true);
		expect(readOutcome(board, control, tally).ranked).toHaveLength(2);
	});

	it('fills from the first enabled framework with a ranking until the facilitator picks one', () => {
		const { board, control, tally, a } = setup();
		// The matrix comes first but nobody placed anything; RICE has rankings.
		control.getMap('settings').set('frameworks', ['matrix', 'rice']);
		expect(readOutcome(board, control, tally).framework).toBe('rice');
		// Once the matrix has a ranking it comes first again.
		tally.getMap('aggregates').set(`matrix|${a}`, { ranking: { rank: 1, score: 50, voters: 1 } });
		expect(readOutcome(board, control, tally).framework).toBe('matrix');
		// A framework the facilitator picked stays, ranked or not.
		control.getMap('roadmap').set('framework', 'ice');
		control.getMap('settings').set('frameworks', ['matrix', 'rice', 'ice']);
		const picked = readOutcome(board, control, tally);
		expect(picked.framework).toBe('ice');
		expect(picked.ranked).toEqual([]);
	});

	it('keeps the default framework when no framework has a ranking the room can see', () => {
		const { board, control, tally } = setup();
		control.getMap('settings').set('frameworks', ['matrix', 'rice']);
		control.getMap('settings').set('blind', true);
		tally
			.getMap('aggregates')
			.forEach((value, key) =>
				tally.getMap('aggregates').set(key, { ...(value as object), ranking: null })
			);
		const outcome = readOutcome(board, control, tally);
		expect(outcome.framework).toBe('matrix');
		expect(outcome.ranked).toEqual([]);
	});

	it("uses the facilitator's prices as effort when there are any", () => {
		const { board, control, tally, a } = setup();
		control.getMap('prices').set(a, 1);
		const outcome = readOutcome(board, control, tally);
		expect(outcome.ranked.find((r) => r.ideaId === a)?.effort).toBe(1);
		expect(outcome.effortSource).toMatch(/prices/);
	});
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addIdea, deleteIdea, readIdeas, updateIdea } from './board.ts';
import {
	diffVersions,
	readLatestVersion,
	readVersion,
	restoreBoard,
	restoreControl,
	writeLatestVersion
} from './versions.ts';

function tallyWith(rows: Record<string, unknown>): Y.Doc {
	const tally = new Y.Doc();
	for (const [key, value] of Object.entries(rows)) tally.getMap('aggregates').set(key, value);
	return tally;
}

describe('readVersion', () => {
	it('reads ranks from numeric aggregates and buckets from MoSCoW rows', () => {
		const board = new Y.Doc();
		const a = addIdea(board, { title: 'A', createdBy: 'u' }, 1);
		const view = readVersion(
			board,
			tallyWith({
				[`rice|${a}`]: { ideaId: a, score: 12, ranking: { rank: 1, score: 12 } },
				[`moscow|${a}`]: { ideaId: a, bucket: 'must' },
				[`ice|${a}`]: { ideaId: a, count: 1, hidden: true },
				junk: 5
			})
		);
		expect(view.rankings.get('rice')?.get(a)).toEqual({ rank: 1, score: 12 });
		expect(view.rankings.has('ice')).toBe(false);
		expect(view.buckets.get(a)).toBe('must');
	});
});

describe('diffVersions', () => {
	it('lists added, removed and renamed ideas, rank moves and bucket changes', () => {
		const board = new Y.Doc();
		const keep = addIdea(board, { title: 'Keep', createdBy: 'u' }, 1);
		const gone = addIdea(board, { title: 'Gone', createdBy: 'u' }, 2);
		const before = readVersion(
			board,
			tallyWith({
				[`rice|${keep}`]: { ranking: { rank: 2, score: 5 } },
				[`rice|${gone}`]: { ranking: { rank: 1, score: 9 } },
				[`moscow|${keep}`]: { bucket: 'could' }
			})
		);
		deleteIdea(board, gone);
		updateIdea(board, keep, { title: 'Kept' });
		const added = addIdea(board, { title: 'New', createdBy: 'u' }, 3);
		const after = readVersion(
			board,
			tallyWith({
				[`rice|${keep}`]: { ranking: { rank: 1, score: 5 } },
				[`moscow|${keep}`]: { bucket: 'must' }
			})
		);
		const diff = diffVersions(before, after);
		expect(diff.added.map((i) => i.id)).toEqual([added]);
		expect(diff.removed.map((i) => i.title)).toEqual(['Gone']);
		expect(diff.renamed).toEqual([{ id: keep, from: 'Keep', to: 'Kept' }]);
		expect(diff.moves.get('rice')).toEqual([
			// Both move by one in this measure (rank 1 → none counts as 1); ties in their new order.
			{ id: keep, title: 'Kept', fromRank: 2, toRank: 1, fromScore: 5, toScore: 5 },
			{ id: gone, title: 'Gone', fromRank: 1, toRank: null, fromScore: 9, toScore: null }
		]);
		expect(diff.bucketChanges).toEqual([{ id: keep, title: 'Kept', from: 'could', to: 'must' }]);
	});
});

describe('restoreBoard', () => {
	it("brings back a version's ideas as new changes that replicas receive", () => {
		const live = new Y.Doc();
		const kept = addIdea(live, { title: 'Original', createdBy: 'u' }, 1);
		const version = new Y.Doc();
		Y.applyUpdate(version, Y.encodeStateAsUpdate(live));

		updateIdea(live, kept, { title: 'Changed' });
		deleteIdea(live, kept);
		addIdea(live, { title: 'Added later', createdBy: 'u' }, 2);
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(live));
		live.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update));

		restoreBoard(live, version);
		expect(readIdeas(replica).map((i) => [i.id, i.title])).toEqual([[kept, 'Original']]);
	});
});

describe('restoreControl', () => {
	it("brings back the scoring setup and the roadmap's capacities and pins, not the session", () => {
		const live = new Y.Doc();
		live.getMap('prices').set('a', 3);
		live.getMap('roadmap').set('capacity', { now: 5, next: null, later: null });
		live.getMap('roadmapPins').set('a', 'now');
		live.getMap('settings').set('phase', 'score');
		const version = new Y.Doc();
		Y.applyUpdate(version, Y.encodeStateAsUpdate(live));

		live.getMap('prices').set('a', 8);
		live.getMap('roadmap').set('capacity', { now: 1, next: 1, later: 1 });
		live.getMap('roadmapPins').delete('a');
		live.getMap('roadmapPins').set('b', 'out');
		live.getMap('settings').set('phase', 'decide');

		restoreControl(live, version);
		expect(live.getMap('prices').toJSON()).toEqual({ a: 3 });
		expect(live.getMap('roadmap').get('capacity')).toEqual({ now: 5, next: null, later: null });
		expect(live.getMap('roadmapPins').toJSON()).toEqual({ a: 'now' });
		expect(live.getMap('settings').get('phase')).toBe('decide');
	});
});

describe('the latest-version mark', () => {
	it('reads the id the server wrote, and null before any or when malformed', () => {
		const control = new Y.Doc();
		expect(readLatestVersion(control)).toBeNull();
		writeLatestVersion(control, 'v-42');
		expect(readLatestVersion(control)).toBe('v-42');
		control.getMap('history').set('latest', 7);
		expect(readLatestVersion(control)).toBeNull();
	});
});

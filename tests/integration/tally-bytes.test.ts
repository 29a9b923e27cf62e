import { beforeEach, describe, expect, it } from 'vitest';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { readAggregates } from '../../src/lib/model/tally.ts';
import { eventually, whenSynced } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import type { TestUser } from '../helpers/test-server.ts';
import {
	configureWorkshop,
	seedWorkshopRoom,
	type WorkshopRoom
} from '../helpers/workshop-room.ts';

/** A backlog-fed workshop's size (issue 13). */
const IDEAS = 200;
const BYTES_PER_VOTE = 2048;

describe.each(backends)('what one vote costs a tally socket on %s', (backend) => {
	const suite = serverSuite(backend);
	let room: WorkshopRoom<'ann' | 'bob' | 'cid' | 'dee'>;
	let voters: TestUser[];

	beforeEach(async () => {
		room = await seedWorkshopRoom(suite, {
			ann: 'participant',
			bob: 'participant',
			cid: 'participant',
			dee: 'participant'
		});
		voters = [room.members.ann, room.members.bob, room.members.cid];
	});

	it('[TB1] a vote that moves one idea from last to first sends ≤ 2 KB to a tally socket of a 200-idea workshop', async () => {
		const { workshopId, facilitator } = room;
		await configureWorkshop(suite, room, { frameworks: ['matrix'] });
		const board = suite.open(facilitator, workshopId);
		await whenSynced(board.provider);
		const ideas: string[] = [];
		board.doc.transact(() => {
			for (let i = 1; i < IDEAS; i++) {
				ideas.push(addIdea(board.doc, { title: `Idea ${i}`, createdBy: facilitator.id }));
			}
		});
		ideas.unshift(room.ideaId);
		// The first idea's median is 0, the bottom of the ranking, until the vote below makes it 100,
		// the top: every other idea (medians 1 to 99) moves down one rank.
		const ballots = voters.map((voter) => suite.open(voter, `${workshopId}/ballot/${voter.id}`));
		await Promise.all(ballots.map((b) => whenSynced(b.provider)));
		ballots.forEach((ballot, v) =>
			ballot.doc.transact(() => {
				ideas.forEach((ideaId, i) => {
					const value = i === 0 ? (v === 0 ? 100 : 0) : 1 + Math.round((i * 98) / IDEAS);
					setEntry(ballot.doc, 'matrix', ideaId, { value, effort: 50 });
				});
			})
		);
		const watcher = suite.record(room.members.dee, `${workshopId}/tally`);
		let bytes = 0;
		let messages = 0;
		watcher.ws.on('message', (data: ArrayBuffer) => {
			bytes += data.byteLength;
			messages++;
		});
		await watcher.opened;
		const median = (ideaId: string) =>
			(watcher.doc.getMap('aggregates').get(`matrix|${ideaId}`) as { median?: { value: number } })
				?.median?.value;
		await eventually(() => {
			for (const ideaId of ideas)
				expect(watcher.doc.getMap('votes').get(`matrix|${ideaId}`)).toBe(3);
			expect(median(ideas[0])).toBe(0);
		});
		await suite.server.app.live.settled();
		const rankOf = (ideaId: string) =>
			(readAggregates(watcher.doc).get('matrix')?.get(ideaId)?.ranking as { rank: number }).rank;
		expect(rankOf(ideas[0])).toBe(IDEAS);

		bytes = 0;
		messages = 0;
		setEntry(ballots[1].doc, 'matrix', ideas[0], { value: 100, effort: 50 });
		await eventually(() => expect(median(ideas[0])).toBe(100));
		await suite.server.app.live.settled();
		// Anything else the vote causes would arrive right after.
		await new Promise((resolve) => setTimeout(resolve, 200));

		expect(messages).toBeGreaterThan(0);
		expect(bytes).toBeLessThanOrEqual(BYTES_PER_VOTE);
		// The order the client derives moved every idea.
		expect(rankOf(ideas[0])).toBe(1);
		expect(rankOf(ideas[IDEAS - 1])).toBe(2);
	}, 60_000);
});

import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addIdea } from '../../src/lib/model/board.ts';
import { CloseCode } from '../../server/sync/protocol.ts';
import { connectClient, eventually, recordingClient, whenSynced } from '../helpers/clients.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';

/** A client of the JSON API with its own cookie jar. */
async function client(): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL: process.env.CONVERGE_URL });
}

/** The session cookie a client holds, as a Cookie header for a WebSocket. */
async function cookieOf(api: APIRequestContext): Promise<string> {
	const { cookies } = await api.storageState();
	const session = cookies.find((c) => c.name === 'converge_session');
	if (!session) throw new Error('not signed in');
	return `${session.name}=${session.value}`;
}

test('[S2] after POST /api/v1/auth/logout, a vote sent on the open ballot socket is not counted and the socket closes with 4410', async () => {
	const syncUrl = `${process.env.CONVERGE_URL!.replace(/^http/, 'ws')}/sync`;
	const owner = await client();
	const signup = await owner.post('/api/v1/auth/signup', {
		data: { email: uniqueEmail('logout'), password: 'correct horse', name: 'Olivia' }
	});
	const ownerId = (await signup.json()).user.id as string;
	const workshop = await (
		await owner.post('/api/v1/workshops', { data: { title: 'Bets' } })
	).json();
	const { token } = await (
		await owner.post(`/api/v1/workshops/${workshop.id}/invites`, { data: { role: 'participant' } })
	).json();
	const guest = await client();
	await guest.post(`/api/v1/invites/${token}/join`, { data: { name: 'Gus', function: 'Sales' } });
	const guestId = (await (await guest.get('/api/v1/me')).json()).user.id as string;
	const ownerCookie = await cookieOf(owner);
	const guestCookie = await cookieOf(guest);

	const clients: { provider: { destroy(): void } }[] = [];
	const open = (cookie: string, room: string) => {
		const c = connectClient(syncUrl, `${workshop.id}${room}`, cookie);
		clients.push(c);
		return c;
	};
	try {
		const board = open(ownerCookie, '');
		const control = open(ownerCookie, '/control');
		await Promise.all([whenSynced(board.provider), whenSynced(control.provider)]);
		const ideaId = addIdea(board.doc, { title: 'Single sign-on', createdBy: ownerId });
		control.doc.transact(() => {
			control.doc.getMap('settings').set('frameworks', ['rice']);
			// Scored while ideas are still collected ([RM8]).
			control.doc.getMap('settings').set('earlyScoring', true);
		});
		const tally = recordingClient(`${syncUrl}/${workshop.id}/tally`, ownerCookie);
		clients.push({ provider: { destroy: () => tally.ws.close() } });
		await tally.opened;

		const ballot = open(guestCookie, `/ballot/${guestId}`);
		await whenSynced(ballot.provider);
		ballot.provider.shouldConnect = false;
		const codes: number[] = [];
		ballot.provider.on('connection-close', (event: CloseEvent | null) =>
			codes.push(event?.code ?? 0)
		);

		expect((await guest.post('/api/v1/auth/logout')).status()).toBe(204);
		const vote = { reach: 100, impact: 2, confidence: 80, effort: 3 };
		setEntry(ballot.doc, 'rice', ideaId, vote);
		await eventually(() => expect(codes).toEqual([CloseCode.AccessRevoked]));

		// The owner's vote after it shows the tally is live; the guest's is not in it.
		const own = open(ownerCookie, `/ballot/${ownerId}`);
		await whenSynced(own.provider);
		setEntry(own.doc, 'rice', ideaId, vote);
		await eventually(() => expect(tally.doc.getMap('votes').get(`rice|${ideaId}`)).toBe(1));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(tally.doc.getMap('votes').get(`rice|${ideaId}`)).toBe(1);
		expect(tally.doc.getMap('status').get('voters')).toBe(2);
	} finally {
		for (const c of clients) c.provider.destroy();
	}
});

import { beforeEach, describe, expect, it } from 'vitest';
import { joinByInvite, logIn, signUp } from '../../server/auth/accounts.ts';
import { sql } from '../../server/db/sql.ts';
import { getRole } from '../../server/db/workshops.ts';
import { AppError } from '../../server/errors.ts';
import {
	changeRole,
	invitesOf,
	inviteTo,
	readmitTo,
	removalsOf,
	removeFromWorkshop,
	revokeInviteLink
} from '../../server/workshops.ts';
import { upgradeStatus } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

/** The AppError a promise rejects with (fails the test if it resolves). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
	const error = await promise.then(
		() => new Error('expected a refusal'),
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(AppError);
	return error as AppError;
}

let addresses = 0;
/** A client address no other test used, so throttles from one test do not leak into another. */
const address = () => `198.51.100.${addresses++ % 250}:${addresses}`;

describe.each(backends)('invites, removal and roles on %s', (backend) => {
	const suite = serverSuite(backend);
	let facilitator: TestUser;
	let pat: TestUser;
	let workshopId: string;

	beforeEach(async () => {
		facilitator = await createUser(suite.server.app, 'facilitator');
		pat = await createUser(suite.server.app, 'pat');
		workshopId = await createWorkshopWith(suite.server.app, facilitator);
	});

	const invite = async (input: Record<string, unknown> = { role: 'participant' }) =>
		inviteTo(suite.server.app, facilitator.id, workshopId, input);
	const join = (token: string, user: TestUser | null, input: Record<string, unknown> = {}) =>
		joinByInvite(suite.server.app, token, input, user && { id: user.id }, address());

	it('[M1] a removed member cannot join again through the link they have, until readmitted', async () => {
		const { token } = await invite();
		await join(token, pat);
		await removeFromWorkshop(suite.server.app, facilitator.id, workshopId, pat.id);

		const refused = await refusal(join(token, pat));
		expect(refused.status).toBe(403);
		expect(refused.message).toMatch(/removed from this workshop/);
		// A brand-new link does not let them in either.
		const fresh = await invite();
		expect((await refusal(join(fresh.token, pat))).status).toBe(403);
		expect(await getRole(suite.server.app.db, workshopId, pat.id)).toBeUndefined();
		expect(
			await upgradeStatus(`${suite.server.syncUrl}/${workshopId}`, { cookie: pat.cookie })
		).toBe(403);

		const removed = await removalsOf(suite.server.app, facilitator.id, workshopId);
		expect(removed.map((r) => r.userId)).toEqual([pat.id]);
		await readmitTo(suite.server.app, facilitator.id, workshopId, pat.id);
		expect(await removalsOf(suite.server.app, facilitator.id, workshopId)).toEqual([]);
		expect((await join(token, pat)).role).toBe('participant');
	});

	it('[M1] a removed guest keeps being refused with their guest session', async () => {
		const { token } = await invite();
		const joined = await join(token, null, { name: 'Gus', function: 'Sales' });
		const guest = joined.signed!.user;
		await removeFromWorkshop(suite.server.app, facilitator.id, workshopId, guest.id);
		const refused = await refusal(
			joinByInvite(suite.server.app, token, {}, { id: guest.id }, address())
		);
		expect(refused.status).toBe(403);
	});

	it('[M1] only facilitators see who was removed and let people back in', async () => {
		const { token } = await invite();
		await join(token, pat);
		const sam = await createUser(suite.server.app, 'sam');
		await join(token, sam);
		await removeFromWorkshop(suite.server.app, facilitator.id, workshopId, sam.id);
		expect((await refusal(removalsOf(suite.server.app, pat.id, workshopId))).status).toBe(403);
		expect((await refusal(readmitTo(suite.server.app, pat.id, workshopId, sam.id))).status).toBe(
			403
		);
		expect(
			(await refusal(readmitTo(suite.server.app, facilitator.id, workshopId, pat.id))).status
		).toBe(404);
	});

	it('[M2] a revoked invite link stops new joins at once; people who joined stay', async () => {
		const created = await invite();
		await join(created.token, pat);
		await revokeInviteLink(suite.server.app, facilitator.id, workshopId, created.id);

		const sam = await createUser(suite.server.app, 'sam');
		const refused = await refusal(join(created.token, sam));
		expect(refused.status).toBe(410);
		expect(refused.message).toMatch(/revoked/);
		expect(
			(await refusal(join(created.token, null, { name: 'G', function: 'Sales' }))).status
		).toBe(410);
		expect(await getRole(suite.server.app.db, workshopId, pat.id)).toBe('participant');

		const [listed] = await invitesOf(suite.server.app, facilitator.id, workshopId);
		expect(listed).toMatchObject({ id: created.id, role: 'participant', status: 'revoked' });
		expect(listed.revokedAt).toBeInstanceOf(Date);
		expect(listed).not.toHaveProperty('token');
	});

	it('[M2] an invite link with an expiry admits nobody once it has passed', async () => {
		const created = await invite({ role: 'viewer', expiresInHours: 2 });
		const expiresIn = created.expiresAt!.getTime() - Date.now();
		expect(expiresIn).toBeGreaterThan(2 * 3_600_000 - 60_000);
		expect(expiresIn).toBeLessThanOrEqual(2 * 3_600_000);
		await suite.server.app.db.query(
			sql`update invites set expires_at = now() - interval '1 second' where id = ${created.id}`
		);
		const refused = await refusal(join(created.token, pat));
		expect(refused.status).toBe(410);
		expect(refused.message).toMatch(/expired/);
		const [listed] = await invitesOf(suite.server.app, facilitator.id, workshopId);
		expect(listed.status).toBe('expired');

		for (const expiresInHours of [0, 1.5, 721, '2']) {
			expect((await refusal(invite({ role: 'viewer', expiresInHours }))).field).toBe(
				'expiresInHours'
			);
		}
	});

	it('[M2] only facilitators list and revoke invite links, and only their own workshop’s', async () => {
		const created = await invite();
		await join(created.token, pat);
		expect((await refusal(invitesOf(suite.server.app, pat.id, workshopId))).status).toBe(403);
		expect(
			(await refusal(revokeInviteLink(suite.server.app, pat.id, workshopId, created.id))).status
		).toBe(403);
		const other = await createWorkshopWith(suite.server.app, facilitator);
		expect(
			(await refusal(revokeInviteLink(suite.server.app, facilitator.id, other, created.id))).status
		).toBe(404);
	});

	it('[M3] joining never changes an existing member’s role, up or down', async () => {
		const participantLink = await invite({ role: 'participant' });
		const viewerLink = await invite({ role: 'viewer' });
		await join(participantLink.token, pat);
		await changeRole(suite.server.app, facilitator.id, workshopId, pat.id, { role: 'viewer' });
		expect((await join(participantLink.token, pat)).role).toBe('viewer');
		expect(await getRole(suite.server.app.db, workshopId, pat.id)).toBe('viewer');

		await changeRole(suite.server.app, facilitator.id, workshopId, pat.id, { role: 'observer' });
		expect((await join(viewerLink.token, pat)).role).toBe('observer');
		expect((await join(participantLink.token, facilitator)).role).toBe('facilitator');
		expect(await getRole(suite.server.app.db, workshopId, facilitator.id)).toBe('facilitator');
	});
});

describe.each(backends)('throttling sign-in and guest joins on %s', (backend) => {
	const suite = serverSuite(backend);

	it('[U2] ten wrong passwords from one address do not stop the owner’s right password from another', async () => {
		const app = suite.server.app;
		const email = `owner-${Date.now()}@example.com`;
		const password = 'correct horse battery';
		await signUp(app, { email, password, name: 'Owner' }, address());
		const attacker = address();
		const answers: number[] = [];
		for (let i = 0; i < 10; i++) {
			answers.push((await refusal(logIn(app, { email, password: `wrong ${i}` }, attacker))).status);
		}
		// The first failures are answered, then the attacker is made to wait.
		expect(answers.slice(0, 4)).toEqual([401, 401, 401, 401]);
		expect(answers.slice(4)).toEqual([429, 429, 429, 429, 429, 429]);
		const waiting = await refusal(logIn(app, { email, password }, attacker));
		expect(waiting.status).toBe(429);
		expect(waiting.retryAfter).toBeGreaterThan(0);
		expect(waiting.message).toMatch(/try again in \d+ s/);

		const owner = await logIn(app, { email, password }, address());
		expect(owner.user.email).toBe(email);
	});

	it('[U2] the per-account ceiling refuses addresses that failed once a hundred failures came in', async () => {
		const app = suite.server.app;
		const email = `target-${Date.now()}@example.com`;
		const password = 'correct horse battery';
		await signUp(app, { email, password, name: 'Target' }, address());
		const bots = Array.from({ length: 100 }, () => address());
		for (const bot of bots) app.throttles.login.failed(email, bot);
		// One failure each is under every pair's allowance: only the ceiling refuses them now.
		expect((await refusal(logIn(app, { email, password }, bots[0]))).status).toBe(429);
		expect((await logIn(app, { email, password }, address())).user.email).toBe(email);
	});

	it('[U3] a leaked invite link cannot create a hundred guest accounts at once', async () => {
		const app = suite.server.app;
		const owner = await createUser(app, 'owner');
		const workshopId = await createWorkshopWith(app, owner);
		const { token } = await inviteTo(app, owner.id, workshopId, { role: 'participant' });
		const from = address();
		const results = await Promise.allSettled(
			Array.from({ length: 100 }, (_, i) =>
				joinByInvite(app, token, { name: `Bot ${i}`, function: 'Other' }, null, from)
			)
		);
		const joined = results.filter((r) => r.status === 'fulfilled').length;
		const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
		expect(joined).toBeLessThanOrEqual(60);
		expect(refused.length).toBe(100 - joined);
		for (const error of refused) {
			expect(error.status).toBe(429);
			expect(error.retryAfter).toBeGreaterThan(0);
			expect(error.message).toMatch(/Too many people joined through this link/);
		}
		// From a hundred addresses, the link itself is throttled.
		const second = await inviteTo(app, owner.id, workshopId, { role: 'participant' });
		const spread = await Promise.allSettled(
			Array.from({ length: 100 }, (_, i) =>
				joinByInvite(app, second.token, { name: `Bot ${i}`, function: 'Other' }, null, address())
			)
		);
		expect(spread.filter((r) => r.status === 'fulfilled').length).toBe(60);
	});
});

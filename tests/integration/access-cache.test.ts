import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { joinByInvite } from '../../server/auth/accounts.ts';
import type { Fragment } from '../../server/db/sql.ts';
import { changeRole, inviteTo, removeFromWorkshop } from '../../server/workshops.ts';
import { upgradeStatus } from '../helpers/clients.ts';
import { backends } from '../helpers/databases.ts';
import { serverSuite } from '../helpers/suite.ts';
import { createUser, createWorkshopWith, type TestUser } from '../helpers/test-server.ts';

/** Upgrades within a burst reuse what the first read; access changes still count at once. */
describe.each(backends)('what an upgrade reads from the database on %s', (backend) => {
	// Long enough that nothing in a test outlives the cache by itself: only forgetting refuses.
	const suite = serverSuite(backend, { accessCacheMs: 60_000 });
	let facilitator: TestUser;
	let pat: TestUser;
	let workshopId: string;
	let statements: string[];

	beforeEach(async () => {
		facilitator = await createUser(suite.server.app, 'facilitator');
		pat = await createUser(suite.server.app, 'pat');
		workshopId = await createWorkshopWith(suite.server.app, facilitator, [[pat, 'participant']]);
		statements = [];
		const { db } = suite.server.app;
		const query = db.query.bind(db);
		vi.spyOn(db, 'query').mockImplementation((statement: Fragment) => {
			statements.push(statement.text);
			return query(statement);
		});
	});
	afterEach(() => vi.restoreAllMocks());

	const url = (path: string) => `${suite.server.syncUrl}/${workshopId}${path}`;
	const open = (user: TestUser, path: string) => upgradeStatus(url(path), { cookie: user.cookie });
	const reads = (pattern: RegExp) => statements.filter((text) => pattern.test(text)).length;
	const sessionReads = () => reads(/from sessions s join users/);
	const roleReads = () => reads(/select role from memberships/);

	it('[TJ1] the four documents a participant opens together cost one read of the session and one of the membership', async () => {
		const paths = ['', '/control', `/ballot/${pat.id}`, '/tally'];
		expect(await Promise.all(paths.map((path) => open(pat, path)))).toEqual([101, 101, 101, 101]);
		expect(await open(pat, '')).toBe(101);
		expect(sessionReads()).toBe(1);
		expect(roleReads()).toBe(1);
		// Someone else's session is their own read.
		expect(await open(facilitator, '')).toBe(101);
		expect(sessionReads()).toBe(2);
	});

	it('[TJ1] signing out refuses the very next upgrade, though the session was just read', async () => {
		expect(await open(pat, '')).toBe(101);
		await suite.server.app.endSession(pat.cookie.split('=')[1].split('.')[0]);
		expect(await open(pat, '/control')).toBe(401);
	});

	it('[TJ1] a role change counts at the very next upgrade, and a removal refuses it, though the role was just read', async () => {
		const { app } = suite.server;
		expect(await open(pat, `/ballot/${pat.id}`)).toBe(101);
		await changeRole(app, facilitator.id, workshopId, pat.id, { role: 'viewer' });
		expect(await open(pat, `/ballot/${pat.id}`)).toBe(403);
		expect(await open(pat, '')).toBe(101);
		await removeFromWorkshop(app, facilitator.id, workshopId, pat.id);
		expect(await open(pat, '')).toBe(403);
		expect(await open(pat, '/tally')).toBe(403);
	});

	it('[TJ1] someone refused for not being a member is admitted at the next upgrade once they joined', async () => {
		const sam = await createUser(suite.server.app, 'sam');
		expect(await open(sam, '')).toBe(403);
		const { token } = await inviteTo(suite.server.app, facilitator.id, workshopId, {
			role: 'participant'
		});
		await joinByInvite(suite.server.app, token, {}, { id: sam.id }, '203.0.113.9:1');
		expect(await open(sam, '')).toBe(101);
	});
});

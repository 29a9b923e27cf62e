import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import { userActor } from './access.ts';
import { linkFeedback, submitFeedback } from './feedback.ts';
import { createIdea, getIdea, mergeIdea, unmergeIdea } from './ideas.ts';
import { createProduct } from './products.ts';

let db: Database;
let productId: string;
const pat = userActor('pat');

beforeAll(async () => {
	db = await openDatabase({ dataDir: 'memory://' });
	await migrate(db, 'migrations');
	await db.query(
		sql`insert into users (id, email, name) values ('pat', 'pat@converge.test', 'Pat')`
	);
	productId = (await createProduct(db, 'pat', { name: 'Demand' })).id;
});
afterAll(() => db.close());

const idea = async (title: string) => (await createIdea(db, pat, productId, { title })).id;
const ask = (
	ideaId: string,
	email: string,
	company?: { name: string; arr?: number; segment?: string }
) =>
	submitFeedback(db, pat, productId, {
		text: `${email} asks`,
		requester: { email },
		company,
		ideaId
	});
const demand = async (id: string) => {
	const { requesters, companies, arr, feedback, bySegment } = (
		await getIdea(db, pat, productId, id)
	).demand;
	return { requesters, companies, arr, feedback, bySegment };
};

describe('demand', () => {
	it('[FB4] counts a person who asked three times once, and a company ARR once', async () => {
		const a = await idea('Export to PDF');
		const acme = { name: 'Acme', arr: 100_000, segment: 'enterprise' };
		await ask(a, 'ana@acme.test', acme);
		await ask(a, 'ANA@acme.test', acme);
		await ask(a, 'ana@acme.test');
		await ask(a, 'bo@acme.test', acme);
		expect(await demand(a)).toEqual({
			requesters: 2,
			companies: 1,
			arr: 100_000,
			feedback: 4,
			bySegment: { enterprise: { requesters: 2, companies: 1, arr: 100_000 } }
		});
	});

	it('[FB4] counts the union across merged ideas: someone who asked on both counts once', async () => {
		const a = await idea('Single sign-on');
		const b = await idea('SSO with Okta');
		const c = await idea('SAML login');
		await ask(a, 'cy@initech.test', { name: 'Initech', arr: 5_000, segment: 'smb' });
		await ask(b, 'cy@initech.test');
		await ask(b, 'di@globex.test', { name: 'Globex', arr: 30_000, segment: 'mid-market' });
		await ask(c, 'ed@hooli.test', { name: 'Hooli', arr: 1_000 });
		await mergeIdea(db, pat, productId, c, { into: b });
		await mergeIdea(db, pat, productId, b, { into: a });
		expect(await demand(a)).toEqual({
			requesters: 3,
			companies: 3,
			arr: 36_000,
			feedback: 4,
			bySegment: {
				smb: { requesters: 1, companies: 1, arr: 5_000 },
				'mid-market': { requesters: 1, companies: 1, arr: 30_000 },
				'': { requesters: 1, companies: 1, arr: 1_000 }
			}
		});
	});

	it('[FB5] merge then unmerge gives back exactly the figures from before', async () => {
		const a = await idea('Audit log');
		const b = await idea('Activity history');
		await ask(a, 'fe@umbrella.test', { name: 'Umbrella', arr: 50_000, segment: 'enterprise' });
		await ask(b, 'fe@umbrella.test');
		await ask(b, 'gi@stark.test', { name: 'Stark', arr: 80_000, segment: 'enterprise' });
		const before = [await demand(a), await demand(b)];
		const merged = await mergeIdea(db, pat, productId, b, { into: a });
		expect(merged.mergedInto).toBe(a);
		expect((await demand(a)).requesters).toBe(2);
		expect((await getIdea(db, pat, productId, a)).mergedFrom.map((m) => m.id)).toEqual([b]);
		await unmergeIdea(db, pat, productId, b);
		expect([await demand(a), await demand(b)]).toEqual(before);
	});

	it('[FB4] moving feedback from one idea to another recounts both', async () => {
		const a = await idea('Gantt view');
		const b = await idea('Timeline view');
		const { feedback } = await ask(a, 'ha@wayne.test', { name: 'Wayne', arr: 10 });
		await linkFeedback(db, pat, productId, [feedback.id], b);
		expect((await demand(a)).requesters).toBe(0);
		expect(await demand(b)).toMatchObject({ requesters: 1, companies: 1, arr: 10, feedback: 1 });
	});
});

import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEntry } from '../../src/lib/model/ballot.ts';
import { addMember } from '../../server/db/workshops.ts';
import { sql } from '../../server/db/sql.ts';
import { decide } from '../../server/decisions.ts';
import { documentName } from '../../server/sync/documents.ts';
import { applyRoadmap, previewRoadmap } from '../../server/delivery/apply-roadmap.ts';
import {
	listNotifications,
	markNotificationsRead,
	setNotificationEmail
} from '../../server/delivery/notifications.ts';
import { changeStatus } from '../../server/delivery/statuses.ts';
import { userActor } from '../../server/feedback/access.ts';
import { submitFeedback } from '../../server/feedback/feedback.ts';
import { createIdea } from '../../server/feedback/ideas.ts';
import { addProductMember, createProduct } from '../../server/feedback/products.ts';
import { workshopFromIdeas } from '../../server/feedback/workshops.ts';
import { connectClient, eventually, whenSynced } from '../helpers/clients.ts';
import { backends, freshDatabase, type FreshDatabase } from '../helpers/databases.ts';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';
import {
	allowEarlyScoring,
	createUser,
	startTestServer,
	type TestServer,
	type TestUser
} from '../helpers/test-server.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const addressOf = (mail: ParsedMail) => [mail.to].flat()[0]!.value[0].address!.toLowerCase();

describe.each(backends)('applying a workshop roadmap to the backlog on %s', (backend) => {
	let database: FreshDatabase;
	let server: TestServer;
	let sink: MailSink;
	const clients: { provider: { destroy(): void } }[] = [];

	beforeAll(async () => {
		database = await freshDatabase(backend);
		sink = await startMailSink();
		server = await startTestServer(database, {
			smtpUrl: sink.url,
			origin: 'https://converge.test',
			deliveryPollMs: 100,
			deliveryBackoffMs: 50
		});
	}, 60_000);

	afterAll(async () => {
		clients.forEach((c) => c.provider.destroy());
		await server.close();
		await sink.close();
		await database.drop();
	});

	const open = (user: TestUser, room: string) => {
		const client = connectClient(server.syncUrl, room, user.cookie);
		clients.push(client);
		return client;
	};
	const emailOf = async (user: TestUser) =>
		(
			await server.app.db.query<{ email: string }>(
				sql`select email from users where id = ${user.id}`
			)
		)[0].email;

	/**
	 * A product with three backlog ideas taken into a workshop; Pat and Sam score them with RICE
	 * (Sam only two of them), capacities put one idea in each horizon, and the workshop is decided.
	 */
	async function decidedWorkshop() {
		const { app } = server;
		const owner = await createUser(app, 'owner');
		const pat = await createUser(app, 'pat');
		const sam = await createUser(app, 'sam');
		const outsider = await createUser(app, 'outsider');
		const productOwner = await createUser(app, 'po');
		const product = await createProduct(app.db, owner.id, { name: `Roadmaps ${Date.now()}` });
		await addProductMember(app.db, userActor(owner.id), product.id, {
			email: await emailOf(productOwner),
			role: 'owner'
		});
		const ideas = [];
		for (const title of ['Single sign-on', 'Dark mode', 'PDF export']) {
			ideas.push(await createIdea(app.db, userActor(owner.id), product.id, { title }));
		}
		const workshop = await workshopFromIdeas(app.db, app.rooms, userActor(owner.id), product.id, {
			title: 'Q3 planning',
			ideaIds: ideas.map((i) => i.id)
		});
		await addMember(app.db, workshop.id, pat.id, 'participant');
		await addMember(app.db, workshop.id, sam.id, 'participant');
		await allowEarlyScoring(app, workshop.id);
		const control = open(owner, `${workshop.id}/control`);
		const patBallot = open(pat, `${workshop.id}/ballot/${pat.id}`);
		const samBallot = open(sam, `${workshop.id}/ballot/${sam.id}`);
		await Promise.all([control, patBallot, samBallot].map((c) => whenSynced(c.provider)));
		control.doc.getMap('settings').set('frameworks', ['rice']);
		control.doc.getMap('roadmap').set('capacity', { now: 2, next: 2, later: null });
		const [sso, dark, pdf] = workshop.boardIdeaIds;
		const rice = (reach: number) => ({ reach, impact: 2, confidence: 100, effort: 2 });
		setEntry(patBallot.doc, 'rice', sso, rice(300));
		setEntry(patBallot.doc, 'rice', dark, rice(200));
		setEntry(patBallot.doc, 'rice', pdf, rice(100));
		setEntry(samBallot.doc, 'rice', sso, rice(300));
		setEntry(samBallot.doc, 'rice', dark, rice(200));
		// The ballots reached the server (scorers are read from them) and the tally ranks all three.
		for (const [user, count] of [
			[pat, 3],
			[sam, 2]
		] as const) {
			await eventually(async () => {
				const room = await app.rooms.acquire(
					documentName({ kind: 'ballot', workshopId: workshop.id, owner: user.id })
				);
				try {
					expect(room.doc.getMap('rice').size).toBe(count);
				} finally {
					await app.rooms.release(room);
				}
			}, 15_000);
		}
		await eventually(async () => {
			const tally = open(owner, `${workshop.id}/tally`);
			await whenSynced(tally.provider);
			expect(tally.doc.getMap('aggregates').get(`rice|${pdf}`)).toBeTruthy();
			tally.provider.destroy();
		}, 15_000);
		await decide(app, owner.id, workshop.id, { rationale: 'SSO first, then dark mode.' });
		return { owner, pat, sam, outsider, productOwner, product, ideas, workshop };
	}

	it('[DL11] previews each roadmap idea with its backlog idea and current → proposed status, and changes nothing', async () => {
		const { owner, product, ideas, workshop } = await decidedWorkshop();
		const preview = await previewRoadmap(server.app, owner.id, workshop.id);
		expect(preview.source).toBe('decision');
		expect(preview.mapping).toEqual({ now: 'in_progress', next: 'planned', later: 'under_review' });
		expect(
			preview.items.map((i) => [i.horizon, i.backlogIdeaId, i.current, i.proposed, i.action])
		).toEqual([
			['now', ideas[0].id, 'open', 'in_progress', 'change'],
			['next', ideas[1].id, 'open', 'planned', 'change'],
			['later', ideas[2].id, 'open', 'under_review', 'change']
		]);
		expect(preview.changes).toBe(3);
		const edited = await previewRoadmap(server.app, owner.id, workshop.id, {
			now: 'shipped',
			next: null,
			later: 'under_review'
		});
		expect(edited.items.map((i) => i.action)).toEqual(['change', 'kept', 'change']);
		const statuses = await server.app.db.query<{ status: string }>(
			sql`select status from ideas where product_id = ${product.id}`
		);
		expect(statuses.every((s) => s.status === 'open')).toBe(true);
	});

	it('[DL11] only facilitators of the workshop and owners of its product apply; others are refused', async () => {
		const { pat, outsider, productOwner, workshop } = await decidedWorkshop();
		await expect(previewRoadmap(server.app, pat.id, workshop.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(applyRoadmap(server.app, pat.id, workshop.id, {})).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(applyRoadmap(server.app, outsider.id, workshop.id, {})).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(
			applyRoadmap(server.app, productOwner.id, workshop.id, { mapping: { now: 'declined' } })
		).rejects.toMatchObject({ code: 'bad_request' });
		// An owner of the product who never joined the workshop may apply it.
		const preview = await previewRoadmap(server.app, productOwner.id, workshop.id);
		expect(preview.changes).toBe(3);
	});

	it('[DL11] [DL12] applies with an edited mapping through the status-change path (history, emails, notices), and applying again changes nothing', async () => {
		const { owner, pat, sam, product, ideas, workshop } = await decidedWorkshop();
		const { app } = server;
		const samEmail = await emailOf(sam);
		await setNotificationEmail(app.db, sam.id, { email: true });
		// Dark mode was asked for by a customer and by Sam's own address: Sam gets one email.
		for (const email of ['ann@example.com', samEmail]) {
			await submitFeedback(app.db, userActor(owner.id), product.id, {
				text: 'Please, dark mode',
				requester: { email },
				ideaId: ideas[1].id
			});
		}
		const before = sink.messages.length;
		const result = await applyRoadmap(app, owner.id, workshop.id, {
			mapping: { later: null }
		});
		expect(result.applied).toBe(2);
		expect(result.items.map((i) => i.action)).toEqual(['change', 'change', 'kept']);
		const rows = await app.db.query<{ id: string; status: string }>(
			sql`select id, status from ideas where product_id = ${product.id}`
		);
		const statusOf = new Map(rows.map((r) => [r.id, r.status]));
		expect([ideas[0], ideas[1], ideas[2]].map((i) => statusOf.get(i.id))).toEqual([
			'in_progress',
			'planned',
			'open'
		]);
		const [history] = await app.db.query<{ note: string; changed_by: string }>(
			sql`select note, changed_by from idea_status_changes where idea_id = ${ideas[1].id}`
		);
		expect(history).toMatchObject({ changed_by: owner.id });
		expect(history.note).toContain('Q3 planning');

		// Planned notifies customers by default; In progress tells only the opted-in scorers.
		const mail = (await sink.waitFor(before + 3)).slice(before);
		await settle(400);
		expect(sink.messages.length).toBe(before + 3);
		const got = mail.map((m) => [addressOf(m), m.subject]).sort();
		expect(got).toEqual(
			[
				['ann@example.com', 'Planned: Dark mode'],
				[samEmail.toLowerCase(), 'Planned: Dark mode'],
				[samEmail.toLowerCase(), 'In progress: Single sign-on']
			].sort()
		);

		// Pat scored all three but chose no email: the dashboard has both notices, unread.
		const patList = await listNotifications(app.db, pat.id);
		expect(patList.unread).toBe(2);
		expect(patList.email).toBe(false);
		expect(
			patList.notifications.map((n) => [n.ideaTitle, n.to, n.workshop?.title, n.read]).sort()
		).toEqual([
			['Dark mode', 'planned', 'Q3 planning', false],
			['Single sign-on', 'in_progress', 'Q3 planning', false]
		]);
		expect(
			await markNotificationsRead(app.db, pat.id, { ids: [patList.notifications[0].id] })
		).toBe(1);
		expect((await listNotifications(app.db, pat.id)).unread).toBe(1);
		expect(await markNotificationsRead(app.db, pat.id, {})).toBe(1);
		expect((await listNotifications(app.db, pat.id)).unread).toBe(0);
		// The facilitator made the change and did not score: nothing for them.
		expect((await listNotifications(app.db, owner.id)).notifications).toEqual([]);

		// Applying again: everything is at its status already.
		const again = await applyRoadmap(app, owner.id, workshop.id, { mapping: { later: null } });
		expect(again.applied).toBe(0);
		expect(again.items.map((i) => i.action)).toEqual(['same', 'same', 'kept']);
		const [{ n }] = await app.db.query<{ n: number }>(sql`
			select count(*)::int as n from idea_status_changes where product_id = ${product.id}`);
		expect(n).toBe(2);
		await settle(300);
		expect(sink.messages.length).toBe(before + 3);
	});

	it('[DL12] scorers hear when their idea ships later from the backlog, and a shipped idea is not moved back by a roadmap', async () => {
		const { owner, pat, sam, ideas, product, workshop } = await decidedWorkshop();
		const { app } = server;
		await applyRoadmap(app, owner.id, workshop.id, {});
		await changeStatus(app.db, userActor(owner.id), product.id, ideas[2].id, {
			status: 'shipped',
			note: 'Out in 2.4'
		});
		const patList = await listNotifications(app.db, pat.id);
		expect(patList.notifications[0]).toMatchObject({
			ideaTitle: 'PDF export',
			to: 'shipped',
			note: 'Out in 2.4'
		});
		// Sam did not score PDF export.
		expect(
			(await listNotifications(app.db, sam.id)).notifications.some(
				(n) => n.ideaTitle === 'PDF export'
			)
		).toBe(false);
		const preview = await previewRoadmap(app, owner.id, workshop.id);
		expect(preview.items[2]).toMatchObject({
			current: 'shipped',
			proposed: null,
			action: 'closed'
		});
	});
});

/**
 * A Converge App in a process of its own, for the delivery tests that kill it. With SHIP=1 it
 * first makes a product whose idea has REQUESTERS requesters and a webhook to HOOK_URL, ships the
 * idea (queueing every email and the webhook) and prints `{"shipped": …}`. SIGTERM is handled as
 * server/index.ts does; SIGKILL is the point.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { sql } from '../../server/db/sql.ts';
import { insertUser } from '../../server/db/users.ts';
import { changeStatus } from '../../server/delivery/statuses.ts';
import { createWebhook } from '../../server/delivery/webhooks.ts';
import { userActor } from '../../server/feedback/access.ts';
import { recordFeedback } from '../../server/feedback/feedback.ts';
import { createIdea } from '../../server/feedback/ideas.ts';
import { createProduct } from '../../server/feedback/products.ts';

const app = await createApp(readConfig(), () => {});
if (process.env.SHIP === '1') {
	const user = await insertUser(app.db, {
		email: `owner-${Date.now()}@converge.test`,
		name: 'Owner',
		function: 'Product',
		passwordHash: null
	});
	const actor = userActor(user.id);
	const product = await createProduct(app.db, user.id, { name: 'Crash product' });
	const idea = await createIdea(app.db, actor, product.id, { title: 'Survives a crash' });
	for (let i = 0; i < Number(process.env.REQUESTERS ?? 10); i++) {
		await recordFeedback(app.db, product.id, {
			text: `please ${i}`,
			source: 'team',
			requester: { email: `crash${i}@example.com`, name: '' },
			ideaId: idea.id
		});
	}
	const hook = await createWebhook(
		app.db,
		actor,
		product.id,
		{ url: process.env.HOOK_URL, eventTypes: ['idea.status_changed'] },
		true
	);
	await changeStatus(app.db, actor, product.id, idea.id, { status: 'shipped' });
	const [{ n }] = await app.db.query<{ n: number }>(
		sql`select count(*)::int as n from outbox where state = 'pending'`
	);
	console.log(JSON.stringify({ shipped: { pending: n, secret: hook.secret } }));
}
const http = createServer((_, res) => res.writeHead(404).end());
http.listen(0, '127.0.0.1', () => {
	console.log(`Converge is running at http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', async () => {
	http.close();
	await app.shutdown();
	process.exit(0);
});

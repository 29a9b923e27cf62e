import type { Queryable } from '../db/connection.ts';
import { databaseUnavailable } from '../db/outage.ts';
import { inList, sql, valuesList } from '../db/sql.ts';
import type { IdeaStatus } from '../../src/lib/model/idea-status.ts';
import {
	noticeEmail,
	statusEmail,
	unsubscribeToken,
	productSecret,
	type Email,
	type StatusChangeView
} from './email.ts';
import { PermanentMailError, type Mailer } from './mailer.ts';
import { queueEmail } from './outbox.ts';
import { postWebhook, signWebhook } from './webhooks.ts';

export interface DeliveryOptions {
	db: Queryable;
	mailer: Mailer;
	log: (message: string, details?: Record<string, unknown>) => void;
	/** Where links in emails point: the public origin. */
	origin: string;
	allowPrivate: boolean;
	backoffMs: number;
	pollMs: number;
	/** A webhook is retried this long; an endpoint failing this long is disabled. */
	retryWindowMs: number;
	/** Messages claimed at once (and sent in parallel, up to `parallel`). */
	batch?: number;
	parallel?: number;
}

/** An email is given up (dead) after this many failed tries; a webhook after the retry window. */
const EMAIL_MAX_ATTEMPTS = 8;
/** A claimed message is someone's for this long; a process that died holding it frees it then. */
const LEASE_SECONDS = 120;
const MAX_DELAY_MS = 2 * 60 * 60_000;

type OutboxRow = {
	id: string;
	kind: 'email' | 'webhook';
	product_id: string | null;
	template: 'idea_status' | 'notice' | null;
	recipient: string | null;
	ref: string | null;
	endpoint_id: string | null;
	message_id: string | null;
	payload: string;
	attempts: number;
	subject: string | null;
	body_text: string | null;
	body_html: string | null;
	created_at: string | Date;
};

type SentEmail = Email & { id: string };

/** Exponential backoff with ±25 % jitter, so a failed batch does not come back in lockstep. */
export function backoff(baseMs: number, attempts: number): number {
	const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
	return Math.round(delay * (0.75 + Math.random() * 0.5));
}

/**
 * Claims due messages: FOR UPDATE SKIP LOCKED so two processes claiming at once take different
 * rows, and a lease (locked_until) so a claimed row stays someone's after the claim commits.
 * Sending is at least once: a process killed between sending and marking sends again after the
 * lease, which webhooks tolerate by their stable webhook-id.
 */
async function claimDue(db: Queryable, limit: number): Promise<OutboxRow[]> {
	return db.query<OutboxRow>(sql`
		update outbox set locked_until = now() + make_interval(secs => ${LEASE_SECONDS}),
			attempts = attempts + 1
		where id in (
			select id from outbox
			where state = 'pending' and next_attempt_at <= now()
				and (locked_until is null or locked_until < now())
			order by next_attempt_at
			limit ${limit}
			for update skip locked)
		returning *`);
}

/** The outbox's delivery loop: one per process, started and stopped by the App. */
export class DeliveryLoop {
	private timer: NodeJS.Timeout | undefined;
	private running: Promise<void> | undefined;
	private again = false;
	private stopped = true;
	private views = new Map<string, Promise<(StatusChangeView & { secret: string }) | undefined>>();

	#origin: string;

	constructor(private readonly options: DeliveryOptions) {
		this.#origin = options.origin;
	}

	/** The public origin links in emails point at. */
	get origin(): string {
		return this.#origin;
	}

	/** Once the server listens (PORT=0 picks the port only then), links point at where it is. */
	set origin(origin: string) {
		this.#origin = origin;
	}

	start(): void {
		this.stopped = false;
		this.wake();
	}

	/** Looks for due messages now (after a change queued some), not at the next poll. */
	wake(): void {
		if (this.stopped) return;
		if (this.running) {
			this.again = true;
			return;
		}
		clearTimeout(this.timer);
		this.running = this.drain()
			.catch((error) => {
				// An outage is reported by the database's breaker, with backoff; one line a poll
				// from here would flood the log while it lasts.
				if (databaseUnavailable(error)) return;
				this.options.log('delivery loop failed', { error: String(error) });
			})
			.finally(() => {
				this.running = undefined;
				if (this.stopped) return;
				if (this.again) {
					this.again = false;
					this.wake();
				} else {
					this.timer = setTimeout(() => this.wake(), this.options.pollMs);
				}
			});
	}

	/** Stops claiming; what is being sent finishes and is marked. */
	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		await this.running;
		this.options.mailer.close();
	}

	private async drain(): Promise<void> {
		const batch = this.options.batch ?? 200;
		while (!this.stopped) {
			const rows = await claimDue(this.options.db, batch);
			if (rows.length === 0) break;
			const stop = await stoppedEmails(this.options.db, rows);
			const sent: SentEmail[] = [];
			await parallel(rows, this.options.parallel ?? 20, (row) => this.deliver(row, stop, sent));
			await this.markSent(sent);
			this.views.clear();
			if (rows.length < batch) break;
		}
	}

	/**
	 * Marks a batch's sent emails in one statement rather than one each: with 10,000 recipients the
	 * per-row round trips were most of the sending time. A process killed before this sends them
	 * again after the lease ([DL7]: at least once).
	 */
	private async markSent(sent: SentEmail[]): Promise<void> {
		if (sent.length === 0) return;
		const state = this.options.mailer.stores ? 'stored' : 'sent';
		await this.options.db.query(sql`
			update outbox set state = ${state}, sent_at = now(), locked_until = null, last_error = null,
				subject = v.subject, body_text = v.body_text, body_html = v.body_html
			from (values ${valuesList(sent.map((e) => [e.id, e.subject, e.text, e.html]))})
				as v (id, subject, body_text, body_html)
			where outbox.id = v.id`);
	}

	private async deliver(row: OutboxRow, stop: Set<string>, sent: SentEmail[]): Promise<void> {
		try {
			if (row.kind === 'email') await this.sendEmail(row, stop, sent);
			else await this.sendWebhook(row);
		} catch (error) {
			await this.failed(row, error).catch((e) =>
				this.options.log('could not record a failed delivery', { id: row.id, error: String(e) })
			);
		}
	}

	private async render(row: OutboxRow): Promise<Email | undefined> {
		if (row.template === 'notice') {
			return {
				to: row.recipient!,
				subject: row.subject!,
				text: row.body_text!,
				html: row.body_html!,
				headers: (JSON.parse(row.payload).headers as Record<string, string>) ?? {}
			};
		}
		let view = this.views.get(row.ref!);
		if (!view) {
			view = loadStatusView(this.options.db, row.ref!);
			this.views.set(row.ref!, view);
		}
		const loaded = await view;
		if (!loaded) return undefined;
		const token = unsubscribeToken(loaded.secret, loaded.productId, row.recipient!);
		return statusEmail(loaded, row.recipient!, this.origin, `${this.origin}/unsubscribe/${token}`);
	}

	private async sendEmail(row: OutboxRow, stop: Set<string>, sent: SentEmail[]): Promise<void> {
		const { db, mailer } = this.options;
		const email = stop.has(row.id) ? undefined : await this.render(row);
		if (!email) {
			await db.query(
				sql`update outbox set state = 'skipped', locked_until = null where id = ${row.id}`
			);
			return;
		}
		await mailer.send(email);
		sent.push({ id: row.id, ...email });
	}

	private async sendWebhook(row: OutboxRow): Promise<void> {
		const { db } = this.options;
		const [endpoint] = await db.query<{ url: string; secret: string; disabled_at: unknown }>(
			sql`select url, secret, disabled_at from webhook_endpoints where id = ${row.endpoint_id}`
		);
		if (!endpoint || endpoint.disabled_at) {
			await db.query(
				sql`update outbox set state = 'skipped', locked_until = null where id = ${row.id}`
			);
			return;
		}
		const body = row.payload;
		const timestamp = Math.floor(Date.now() / 1000);
		const status = await postWebhook(
			endpoint.url,
			{
				'webhook-id': row.message_id!,
				'webhook-timestamp': String(timestamp),
				'webhook-signature': signWebhook(endpoint.secret, row.message_id!, timestamp, body),
				'user-agent': 'Converge-Webhooks'
			},
			body,
			{ allowPrivate: this.options.allowPrivate }
		);
		if (status < 200 || status >= 300) {
			throw Object.assign(new Error(`HTTP ${status}`), { httpStatus: status });
		}
		await db.query(sql`
			update outbox set state = 'sent', sent_at = now(), locked_until = null,
				last_status = ${status}, last_error = null
			where id = ${row.id}`);
		await db.query(
			sql`update webhook_endpoints set failing_since = null where id = ${row.endpoint_id}`
		);
	}

	private async failed(row: OutboxRow, error: unknown): Promise<void> {
		const { db, backoffMs, retryWindowMs } = this.options;
		const message = error instanceof Error ? error.message : String(error);
		const httpStatus = (error as { httpStatus?: number }).httpStatus ?? null;
		if (error instanceof PermanentMailError) {
			// A bounce: this address is never mailed again, by any product.
			await db.query(sql`
				insert into email_addresses (email, state, reason)
				values (${row.recipient!.toLowerCase()}, 'undeliverable', ${message})
				on conflict (email) do update set state = 'undeliverable', reason = excluded.reason,
					updated_at = now()`);
			await db.query(sql`
				update outbox set state = 'failed', locked_until = null, last_error = ${message}
				where id = ${row.id}`);
			return;
		}
		const age = Date.now() - new Date(row.created_at).getTime();
		const givenUp =
			row.kind === 'email' ? row.attempts >= EMAIL_MAX_ATTEMPTS : age >= retryWindowMs;
		await db.query(sql`
			update outbox set state = ${givenUp ? 'dead' : 'pending'}, locked_until = null,
				last_error = ${message}, last_status = ${httpStatus},
				next_attempt_at = now() + make_interval(secs => ${backoff(backoffMs, row.attempts) / 1000})
			where id = ${row.id}`);
		if (row.kind === 'webhook') await this.endpointFailed(row.endpoint_id!, retryWindowMs);
	}

	/** Starts the failure clock; an endpoint failing for the whole window is disabled, owners told. */
	private async endpointFailed(endpointId: string, windowMs: number): Promise<void> {
		const { db } = this.options;
		const origin = this.origin;
		const disabled = await db.query<{ product_id: string; url: string }>(sql`
			update webhook_endpoints set failing_since = coalesce(failing_since, now()),
				disabled_at = case
					when failing_since < now() - make_interval(secs => ${windowMs / 1000}) then now()
				end
			where id = ${endpointId} and disabled_at is null
			returning product_id, url, disabled_at`);
		const endpoint = disabled[0] as { product_id: string; url: string; disabled_at: unknown };
		if (!endpoint?.disabled_at) return;
		this.options.log('webhook endpoint disabled', { endpointId });
		const owners = await db.query<{ email: string; name: string }>(sql`
			select u.email, p.name from product_members m join users u on u.id = m.user_id
			join products p on p.id = m.product_id
			where m.product_id = ${endpoint.product_id} and m.role = 'owner' and u.email is not null`);
		for (const owner of owners) {
			await queueEmail(
				db,
				noticeEmail(
					owner.email,
					`A webhook of ${owner.name} was disabled`,
					[
						`Deliveries to ${endpoint.url} have failed for a day, so Converge stopped sending to it.`,
						'Fix the receiver, then enable the endpoint again in Settings.'
					],
					{ href: `${origin}/products/${endpoint.product_id}/settings`, label: 'Open Settings' }
				),
				endpoint.product_id
			);
		}
	}
}

/**
 * The claimed emails not to send after all: checked again at send time, so an unsubscribe or a
 * bounce after queueing still stops them. One query per batch.
 */
async function stoppedEmails(db: Queryable, rows: OutboxRow[]): Promise<Set<string>> {
	const ids = rows.filter((r) => r.kind === 'email').map((r) => r.id);
	if (ids.length === 0) return new Set();
	const stopped = await db.query<{ id: string }>(sql`
		select o.id from outbox o
		where o.id in ${inList(ids)}
			and (exists (select 1 from email_addresses a where a.email = lower(o.recipient))
				or (o.template = 'idea_status' and exists (
					select 1 from unsubscribes u
					where u.product_id = o.product_id and u.email = lower(o.recipient))))`);
	return new Set(stopped.map((r) => r.id));
}

async function loadStatusView(
	db: Queryable,
	changeId: string
): Promise<(StatusChangeView & { secret: string }) | undefined> {
	const [row] = await db.query<{
		product_name: string;
		product_id: string;
		slug: string;
		portal_enabled: boolean;
		idea_id: string;
		title: string;
		to_status: IdeaStatus;
		note: string;
	}>(sql`
		select p.name as product_name, p.id as product_id, p.slug, p.portal_enabled, i.id as idea_id,
			i.title, c.to_status, c.note
		from idea_status_changes c join ideas i on i.id = c.idea_id join products p on p.id = c.product_id
		where c.id = ${changeId}`);
	if (!row) return undefined;
	return {
		secret: await productSecret(db, row.product_id),
		productName: row.product_name,
		productId: row.product_id,
		slug: row.slug,
		portalEnabled: row.portal_enabled,
		ideaId: row.idea_id,
		title: row.title,
		toStatus: row.to_status,
		note: row.note
	};
}

async function parallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await fn(items[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

import { createHmac, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireProduct, type Actor } from '../feedback/access.ts';
import { textArray } from '../feedback/ideas.ts';
import { requireString } from '../validation.ts';
import { EVENT_TYPES, type EventType } from './outbox.ts';

export interface WebhookEndpoint {
	id: string;
	url: string;
	eventTypes: EventType[];
	disabledAt: Date | null;
	failingSince: Date | null;
	createdAt: Date;
}

export interface WebhookDelivery {
	id: string;
	messageId: string;
	type: string;
	state: string;
	attempts: number;
	lastStatus: number | null;
	lastError: string | null;
	nextAttemptAt: Date;
	createdAt: Date;
	sentAt: Date | null;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

// Server-side request forgery: a webhook may not reach the server's own network.
const blocked = new BlockList();
for (const [net, prefix] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['224.0.0.0', 4],
	['240.0.0.0', 4]
] as const) {
	blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
	['::', 128],
	['::1', 128],
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8]
] as const) {
	blocked.addSubnet(net, prefix, 'ipv6');
}

/** Loopback, private, link-local, multicast or unspecified (IPv4-mapped IPv6 included). */
function isPrivateAddress(address: string): boolean {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return blocked.check(mapped[1], 'ipv4');
	return blocked.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Parses a webhook URL: http(s) only, no credentials, and (unless allowed) no private host. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new AppError('bad_request', 'The URL is not a valid URL', 'url');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new AppError('bad_request', 'A webhook URL must start with http:// or https://', 'url');
	}
	if (url.username || url.password) {
		throw new AppError('bad_request', 'A webhook URL may not carry a user name or password', 'url');
	}
	if (!allowPrivate) {
		const host = url.hostname.replace(/^\[|\]$/g, '');
		let addresses: string[];
		try {
			addresses = isIP(host)
				? [host]
				: (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
		} catch {
			throw new AppError('bad_request', `The host ${host} does not resolve`, 'url');
		}
		if (addresses.some(isPrivateAddress)) {
			throw new AppError(
				'bad_request',
				'A webhook may not point at a loopback, link-local or private address',
				'url'
			);
		}
	}
	return url;
}

const toEndpoint = (r: {
	id: string;
	url: string;
	event_types: EventType[];
	disabled_at: string | Date | null;
	failing_since: string | Date | null;
	created_at: string | Date;
}): WebhookEndpoint => ({
	id: r.id,
	url: r.url,
	eventTypes: r.event_types,
	disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
	failingSince: r.failing_since ? new Date(r.failing_since) : null,
	createdAt: new Date(r.created_at)
});

function readEventTypes(raw: unknown): EventType[] {
	if (
		!Array.isArray(raw) ||
		raw.length === 0 ||
		raw.some((t) => !EVENT_TYPES.includes(t as EventType))
	) {
		throw new AppError(
			'bad_request',
			`eventTypes must list one or more of ${EVENT_TYPES.join(', ')}`,
			'eventTypes'
		);
	}
	return [...new Set(raw as EventType[])];
}

/** `{url, eventTypes}`, owners only; the returned `secret` is the only time anyone sees it. */
export async function createWebhook(
	db: Queryable,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>,
	allowPrivate: boolean
): Promise<WebhookEndpoint & { secret: string }> {
	const access = await requireProduct(db, actor, productId, 'owner');
	const url = await checkWebhookUrl(requireString(input, 'url', { max: 2000 }), allowPrivate);
	const eventTypes = readEventTypes(input.eventTypes);
	const secret = `whsec_${randomBytes(24).toString('base64')}`;
	const [row] = await db.query(sql`
		insert into webhook_endpoints (id, product_id, url, event_types, secret, created_by)
		values (${newId()}, ${productId}, ${url.href}, ${textArray(eventTypes)}, ${secret}, ${access.userId})
		returning *`);
	return { ...toEndpoint(row as never), secret };
}

export async function listWebhooks(
	db: Queryable,
	actor: Actor,
	productId: string
): Promise<WebhookEndpoint[]> {
	await requireProduct(db, actor, productId, 'owner');
	const rows = await db.query(sql`
		select * from webhook_endpoints where product_id = ${productId} order by created_at`);
	return rows.map((r) => toEndpoint(r as never));
}

async function requireEndpoint(db: Queryable, productId: string, endpointId: string) {
	const rows = await db.query(sql`
		select * from webhook_endpoints where id = ${endpointId} and product_id = ${productId}`);
	if (!rows[0]) throw new AppError('not_found', 'No such webhook');
	return rows[0];
}

/** `{eventTypes?, enabled?}`: re-enabling clears the failure clock. */
export async function updateWebhook(
	db: Queryable,
	actor: Actor,
	productId: string,
	endpointId: string,
	input: Record<string, unknown>
): Promise<WebhookEndpoint> {
	await requireProduct(db, actor, productId, 'owner');
	await requireEndpoint(db, productId, endpointId);
	if (input.eventTypes !== undefined) {
		const types = readEventTypes(input.eventTypes);
		await db.query(
			sql`update webhook_endpoints set event_types = ${textArray(types)} where id = ${endpointId}`
		);
	}
	if (typeof input.enabled === 'boolean') {
		await db.query(sql`
			update webhook_endpoints
			set disabled_at = ${input.enabled ? null : new Date()}, failing_since = null
			where id = ${endpointId}`);
	}
	return toEndpoint((await requireEndpoint(db, productId, endpointId)) as never);
}

export async function deleteWebhook(
	db: Queryable,
	actor: Actor,
	productId: string,
	endpointId: string
): Promise<void> {
	await requireProduct(db, actor, productId, 'owner');
	await requireEndpoint(db, productId, endpointId);
	await db.query(sql`delete from webhook_endpoints where id = ${endpointId}`);
}

/** The endpoint's latest 50 deliveries with their state, for the Settings list. */
export async function listDeliveries(
	db: Queryable,
	actor: Actor,
	productId: string,
	endpointId: string
): Promise<WebhookDelivery[]> {
	await requireProduct(db, actor, productId, 'owner');
	await requireEndpoint(db, productId, endpointId);
	const rows = await db.query(sql`
		select * from outbox where endpoint_id = ${endpointId}
		order by created_at desc, id limit 50`);
	return rows.map((r) => ({
		id: r.id,
		messageId: r.message_id,
		type: JSON.parse(r.payload).type,
		state: r.state,
		attempts: r.attempts,
		lastStatus: r.last_status,
		lastError: r.last_error,
		nextAttemptAt: new Date(r.next_attempt_at),
		createdAt: new Date(r.created_at),
		sentAt: r.sent_at ? new Date(r.sent_at) : null
	}));
}

/** Sends a delivery again, with the same webhook-id (the receiver may have kept it already). */
export async function redeliver(
	db: Queryable,
	actor: Actor,
	productId: string,
	endpointId: string,
	deliveryId: string
): Promise<{ id: string }> {
	await requireProduct(db, actor, productId, 'owner');
	await requireEndpoint(db, productId, endpointId);
	const rows = await db.query<{ id: string }>(sql`
		insert into outbox (id, kind, product_id, endpoint_id, message_id, payload)
		select ${newId()}, 'webhook', product_id, endpoint_id, message_id, payload from outbox
		where id = ${deliveryId} and endpoint_id = ${endpointId}
		returning id`);
	if (!rows[0]) throw new AppError('not_found', 'No such delivery');
	return rows[0];
}

/** Queues a `webhook.test` event to this endpoint alone. */
export async function testWebhook(
	db: Queryable,
	actor: Actor,
	productId: string,
	endpointId: string
): Promise<{ id: string }> {
	await requireProduct(db, actor, productId, 'owner');
	await requireEndpoint(db, productId, endpointId);
	const body = { type: 'webhook.test', timestamp: new Date().toISOString(), data: {} };
	const id = newId();
	await db.query(sql`
		insert into outbox (id, kind, product_id, endpoint_id, message_id, payload)
		values (${id}, 'webhook', ${productId}, ${endpointId}, ${'msg_' + newId()}, ${JSON.stringify(body)})`);
	return { id };
}

/** Standard Webhooks: HMAC-SHA256 of `id.timestamp.body` with the base64 key after `whsec_`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * POSTs one delivery: resolves with the HTTP status (a redirect is a failure, never followed),
 * rejects on a network error or after 10 s. The address is checked again at connect time, so a
 * host that resolved public when the endpoint was saved cannot be pointed inward later.
 */
export function postWebhook(
	url: string,
	headers: Record<string, string>,
	body: string,
	options: { allowPrivate: boolean; timeoutMs?: number }
): Promise<number> {
	const target = new URL(url);
	const guarded: LookupFunction = (hostname, opts, callback) => {
		lookup(hostname, { all: true, verbatim: true }).then(
			(addresses) => {
				const bad = addresses.find((a) => isPrivateAddress(a.address));
				if (bad && !options.allowPrivate) {
					callback(new Error(`${hostname} resolves to a private address`), '', 4);
				} else if (opts.all) {
					(callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
				} else {
					callback(null, addresses[0].address, addresses[0].family);
				}
			},
			(error) => callback(error, '', 4)
		);
	};
	const host = target.hostname.replace(/^\[|\]$/g, '');
	if (isIP(host) && isPrivateAddress(host) && !options.allowPrivate) {
		return Promise.reject(new Error('the URL points at a private address'));
	}
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const req = send(
			target,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				lookup: guarded,
				timeout: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', reject);
		req.end(body);
	});
}

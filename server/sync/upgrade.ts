import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.ts';
import type { Queryable } from '../db/connection.ts';
import { getRole, type Role } from '../db/workshops.ts';
import {
	accessTo,
	documentName,
	parseSyncPath,
	sharesPresence,
	type DocumentAddress
} from './documents.ts';

export interface Grant {
	userId: string;
	workshopId: string;
	role: Role;
	address: DocumentAddress;
	/** The document's name in storage. */
	document: string;
	readOnly: boolean;
	/** Whether the connection's awareness (presence) messages are shared with the room. */
	presence: boolean;
}

export type UpgradeDecision =
	{ ok: true; grant: Grant } | { ok: false; status: 400 | 401 | 403 | 404; message: string };

export function parseCookies(header: string | undefined): Map<string, string> {
	const cookies = new Map<string, string>();
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0)
			cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
	}
	return cookies;
}

/** Browsers always send Origin on a WebSocket; it must be this site. Other clients send none. */
export function originAllowed(req: IncomingMessage, configuredOrigin?: string): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	if (configuredOrigin && origin === configuredOrigin) return true;
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

/**
 * Decides, before the upgrade completes, whether this request may open the document it names,
 * and whether it may write. Nothing about the document's contents is consulted.
 */
export async function authorizeUpgrade(
	db: Queryable,
	req: IncomingMessage,
	options: { origin?: string } = {}
): Promise<UpgradeDecision> {
	const path = new URL(req.url ?? '/', 'http://localhost').pathname;
	const address = parseSyncPath(path);
	if (!address) return { ok: false, status: 404, message: 'no such document' };
	if (!originAllowed(req, options.origin)) {
		return { ok: false, status: 403, message: 'cross-origin connection refused' };
	}
	const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
	const auth = token ? await validateSessionToken(db, token) : null;
	if (!auth) return { ok: false, status: 401, message: 'sign in first' };
	const { workshopId } = address;
	const role = await getRole(db, workshopId, auth.user.id);
	if (!role) return { ok: false, status: 403, message: 'not a member of this workshop' };
	const access = accessTo(address, role, auth.user.id);
	if (!access) return { ok: false, status: 403, message: 'this document is not yours' };
	return {
		ok: true,
		grant: {
			userId: auth.user.id,
			workshopId,
			role,
			address,
			document: documentName(address),
			readOnly: access === 'read',
			// Presence belongs to the room, i.e. the board; other documents carry none.
			presence: address.kind === 'board' && sharesPresence(role)
		}
	};
}

import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.ts';
import type { Queryable } from '../db/connection.ts';
import { findShareLink } from '../db/share-links.ts';
import { getRole, isProxyMember, type Role } from '../db/workshops.ts';
import type { AccessCache } from './access-cache.ts';
import type { PresenceIdentity } from './presence.ts';
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
	/**
	 * Who the connection's presence is, when its awareness messages are shared with the room;
	 * null when they are not.
	 */
	presence: PresenceIdentity | null;
	/** Set when the connection came through a read-only share link rather than a session. */
	shareLinkId?: string;
	/** The session the connection was opened with: when it ends, the connection closes. */
	sessionId?: string;
}

export type UpgradeDecision =
	{ ok: true; grant: Grant } | { ok: false; status: 400 | 401 | 403 | 404; message: string };

function parseCookies(header: string | undefined): Map<string, string> {
	const cookies = new Map<string, string>();
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0)
			cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
	}
	return cookies;
}

/** Browsers always send Origin on a WebSocket; it must be this site. Other clients send none. */
function originAllowed(req: IncomingMessage, configuredOrigin?: string): boolean {
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
	options: { origin?: string; access?: AccessCache } = {}
): Promise<UpgradeDecision> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const address = parseSyncPath(url.pathname);
	if (!address) return { ok: false, status: 404, message: 'no such document' };
	if (!originAllowed(req, options.origin)) {
		return { ok: false, status: 403, message: 'cross-origin connection refused' };
	}
	const share = url.searchParams.get('share');
	if (share !== null) return authorizeShareLink(db, share, address);
	const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
	if (!token) return { ok: false, status: 401, message: 'sign in first' };
	const { access: cache } = options;
	const readSession = () => validateSessionToken(db, token);
	const auth = await (cache ? cache.session(token, readSession) : readSession());
	if (!auth) return { ok: false, status: 401, message: 'sign in first' };
	const { workshopId } = address;
	const readRole = () => getRole(db, workshopId, auth.user.id);
	const role = await (cache ? cache.role(workshopId, auth.user.id, readRole) : readRole());
	if (!role) return { ok: false, status: 403, message: 'not a member of this workshop' };
	const ownerIsProxy =
		address.kind === 'ballot' &&
		address.owner !== auth.user.id &&
		role === 'facilitator' &&
		(await isProxyMember(db, workshopId, address.owner!));
	const access = accessTo(address, role, auth.user.id, ownerIsProxy);
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
			sessionId: auth.session.id,
			// Presence belongs to the room, i.e. the board; other documents carry none.
			presence:
				address.kind === 'board' && sharesPresence(role)
					? {
							id: auth.user.id,
							name: auth.user.name,
							function: auth.user.function,
							facilitator: role === 'facilitator'
						}
					: null
		}
	};
}

/** A share link reads the board, control and tally of its one workshop, like a viewer. */
async function authorizeShareLink(
	db: Queryable,
	token: string,
	address: DocumentAddress
): Promise<UpgradeDecision> {
	const found = await findShareLink(db, token);
	if (!found.ok) return { ok: false, status: 401, message: `this link is ${found.reason}` };
	if (found.link.workshopId !== address.workshopId || address.kind === 'ballot') {
		return { ok: false, status: 403, message: 'this link does not open that document' };
	}
	return {
		ok: true,
		grant: {
			userId: `share:${found.link.id}`,
			workshopId: address.workshopId,
			role: 'viewer',
			address,
			document: documentName(address),
			readOnly: true,
			presence: null,
			shareLinkId: found.link.id
		}
	};
}

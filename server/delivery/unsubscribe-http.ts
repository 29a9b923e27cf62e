import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Queryable } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { unsubscribe } from './email.ts';

const PATH = /^\/unsubscribe\/([A-Za-z0-9._-]+)$/;

/**
 * The one-click unsubscribe (RFC 8058): a mail provider POSTs `List-Unsubscribe=One-Click` as a
 * form, from its own servers, with no Origin header and no session. SvelteKit refuses such a
 * cross-site form POST before any route runs, so this answers it on the plain HTTP server first.
 * A browser's button on the confirmation page posts here too and is sent back to the page.
 * Returns false when the request is not one of these.
 */
export function handleUnsubscribePost(
	db: Queryable,
	req: IncomingMessage,
	res: ServerResponse
): boolean {
	if (req.method !== 'POST') return false;
	const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
	if (!match) return false;
	// The body (List-Unsubscribe=One-Click) says nothing the URL does not; drain it.
	req.resume();
	unsubscribe(db, match[1]).then(
		() => {
			if ((req.headers.accept ?? '').includes('text/html')) {
				res.writeHead(303, { location: `/unsubscribe/${match[1]}?done=1` }).end();
			} else {
				res.writeHead(200, { 'content-type': 'text/plain' }).end('Unsubscribed.\n');
			}
		},
		(error) => {
			const status = error instanceof AppError ? error.status : 500;
			res
				.writeHead(status, { 'content-type': 'text/plain' })
				.end(error instanceof AppError ? `${error.message}\n` : 'Something went wrong\n');
		}
	);
	return true;
}

import type { IncomingMessage } from 'node:http';

/** What the headers of a response depend on besides its path. */
export interface HeaderPolicy {
	/** The request reached us over https (directly or through a proxy that says so). */
	https: boolean;
	/** Sites allowed to frame the executive page (EMBED_ORIGINS); none by default. */
	embedOrigins: readonly string[];
}

/** `/x/<token>`, the executive page itself (not its event stream). */
const EXECUTIVE_PAGE = /^\/x\/[^/]+\/?$/;
/**
 * `/p/<slug>/embed`, the feedback widget's form: customers' own apps frame it, so any site may
 * ([FBU4]). It holds only the public portal form, nothing a signed-in person could be tricked into.
 */
const WIDGET_FORM = /^\/p\/[^/]+\/embed\/?$/;

/** Who may frame a path: `null` for nobody. */
function framers(pathname: string, policy: HeaderPolicy): string | null {
	if (WIDGET_FORM.test(pathname)) return '*';
	if (policy.embedOrigins.length > 0 && EXECUTIVE_PAGE.test(pathname)) {
		return policy.embedOrigins.join(' ');
	}
	return null;
}

/**
 * The headers every response carries, pages, API, static files and errors alike. Framing is
 * refused (a framed room could trick a facilitator into "remove" or "reveal"), except the
 * executive page on the sites EMBED_ORIGINS names and the feedback widget's form anywhere. Invite
 * and share tokens travel in URLs, so no URL is sent as a referrer to another site. Not
 * `no-referrer`: under it a browser sends `Origin: null` with a form post, and SvelteKit's CSRF
 * check then refuses every form submitted before the page's script loaded (or without one).
 */
export function securityHeaders(pathname: string, policy: HeaderPolicy): Record<string, string> {
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin'
	};
	// X-Frame-Options cannot name several sites; where embedding is allowed, frame-ancestors rules.
	if (framers(pathname, policy) === null) headers['x-frame-options'] = 'DENY';
	// Only over https: on plain http a browser ignores it, and a test server must stay reachable.
	if (policy.https) headers['strict-transport-security'] = 'max-age=31536000';
	return headers;
}

/** The `frame-ancestors` directive for a path, to be added to its Content-Security-Policy. */
export function frameAncestors(pathname: string, policy: HeaderPolicy): string {
	return `frame-ancestors ${framers(pathname, policy) ?? "'none'"}`;
}

/** A response's Content-Security-Policy (SvelteKit's, on pages) with `frame-ancestors` added. */
export function withFrameAncestors(csp: string | null, directive: string): string {
	return csp ? `${csp}; ${directive}` : directive;
}

/**
 * Whether a request to the production entry came over https, decided as adapter-node does:
 * ORIGIN when set, else the proxy's PROTOCOL_HEADER.
 */
export function cameOverHttps(req: IncomingMessage, env: NodeJS.ProcessEnv): boolean {
	if (env.ORIGIN) return env.ORIGIN.startsWith('https:');
	const header = env.PROTOCOL_HEADER?.toLowerCase();
	return header ? req.headers[header] === 'https' : false;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request is a cookie-authenticated write sent by another site. A browser sends
 * `Origin` with every such request; SvelteKit refuses cross-site form posts by content type only,
 * and an `application/json` write is stopped by nothing but the browser's preflight, which a
 * permissive proxy or a future CORS rule would open. Clients that send no Origin (integrations,
 * later with API keys) are judged by their credentials alone.
 */
export function crossOriginWrite(
	request: { method: string; headers: Headers },
	ownOrigin: string,
	hasSessionCookie: boolean
): boolean {
	if (!WRITES.has(request.method) || !hasSessionCookie) return false;
	const origin = request.headers.get('origin');
	return origin !== null && origin !== ownOrigin;
}

import { apiErrorMessage } from './session-text.ts';

/**
 * A panel's call to the JSON API: the response body (`{}` for a 204), or null once `onError` was
 * given the reason in words (`doing` completes "Could not …").
 */
export async function callApi<T = Record<string, unknown>>(
	url: string,
	init: RequestInit | undefined,
	doing: string,
	onError: (message: string) => void
): Promise<T | null> {
	try {
		const response = await fetch(url, init);
		if (response.status === 204) return {} as T;
		const body = await response.json().catch(() => null);
		if (response.ok) return body as T;
		onError(apiErrorMessage(body, response.status, doing));
	} catch {
		onError(`Could not reach the server to ${doing}; check your connection and try again.`);
	}
	return null;
}

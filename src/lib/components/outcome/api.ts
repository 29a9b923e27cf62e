/**
 * Calls to the JSON API from the outcome panels: the answer's body, or the error message the API
 * gave (with the field it is about), or a plain sentence when the server could not be reached.
 */

export type ApiResult<T> = { ok: true; body: T } | { ok: false; message: string; field?: string };

export async function callApi<T>(
	url: string,
	init?: { method?: string; body?: unknown }
): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetch(url, {
			method: init?.method ?? 'GET',
			headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
			body: init?.body === undefined ? undefined : JSON.stringify(init.body)
		});
	} catch {
		return {
			ok: false,
			message: 'Could not reach the server; check your connection and try again.'
		};
	}
	const body = await response.json().catch(() => null);
	if (!response.ok) {
		return {
			ok: false,
			message: body?.error?.message ?? `The server answered ${response.status}`,
			field: body?.error?.field
		};
	}
	return { ok: true, body: body as T };
}

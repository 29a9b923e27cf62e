/** The feedback JSON API from the browser, with the session cookie (docs/api.md). */

export class ApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly field: string | null
	) {
		super(message);
	}
}

/** Calls `/api/v1/<path>` with a JSON body; resolves to the JSON answer, rejects with ApiError. */
export async function callApi<T = unknown>(
	path: string,
	init: { method?: string; body?: unknown; raw?: BodyInit; signal?: AbortSignal } = {}
): Promise<T> {
	let response: Response;
	try {
		response = await fetch(`/api/v1/${path}`, {
			method: init.method ?? (init.body === undefined && init.raw === undefined ? 'GET' : 'POST'),
			headers: contentType(init),
			body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
			signal: init.signal
		});
	} catch (e) {
		if (e instanceof DOMException && e.name === 'AbortError') throw e;
		throw new ApiError('Could not reach the server. Check your connection and try again.', 0, null);
	}
	if (response.status === 204) return undefined as T;
	const body = await response.json().catch(() => null);
	if (!response.ok) {
		const err = body?.error;
		throw new ApiError(
			err?.message ?? `The server answered ${response.status}`,
			response.status,
			err?.field ?? null
		);
	}
	return body as T;
}

/**
 * A raw body (a CSV file) is sent with its type, or as CSV when it has none: the server reads no
 * body that comes without a Content-Type (SvelteKit's request adapter makes it null), and a
 * slice of a File has no type.
 */
function contentType(init: { body?: unknown; raw?: BodyInit }): HeadersInit | undefined {
	if (init.body !== undefined) return { 'content-type': 'application/json' };
	if (init.raw === undefined) return undefined;
	const type = init.raw instanceof Blob ? init.raw.type : '';
	return { 'content-type': type || 'text/csv' };
}

export const errorMessage = (e: unknown) =>
	e instanceof Error ? e.message : 'Something went wrong. Try again.';

/** Expected failures, as values with a stable code the API and the UI can show. */
export type ErrorCode =
	| 'bad_request'
	| 'unauthorized'
	| 'forbidden'
	| 'not_found'
	| 'conflict'
	| 'gone'
	| 'too_many_requests'
	| 'payload_too_large'
	| 'unavailable';

const STATUS: Record<ErrorCode, number> = {
	bad_request: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	gone: 410,
	payload_too_large: 413,
	too_many_requests: 429,
	unavailable: 503
};

export class AppError extends Error {
	name = 'AppError';
	readonly status: number;
	constructor(
		readonly code: ErrorCode,
		message: string,
		/** The input field the error is about, when there is one. */
		readonly field?: string,
		/** For a 429 or 503: seconds until trying again makes sense (sent as Retry-After). */
		readonly retryAfter?: number
	) {
		super(message);
		this.status = STATUS[code];
	}
}

import { AppError } from './errors.ts';

/** Reads a required string field from an untrusted object, trimmed, within a length. */
export function requireString(
	input: Record<string, unknown>,
	field: string,
	options: { min?: number; max: number; label?: string; trim?: boolean }
): string {
	const label = options.label ?? field;
	const raw = input[field];
	if (raw === undefined || raw === null || raw === '') {
		throw new AppError('bad_request', `${label} is required`, field);
	}
	if (typeof raw !== 'string') throw new AppError('bad_request', `${label} must be text`, field);
	const value = options.trim === false ? raw : raw.trim();
	const min = options.min ?? 1;
	if (value.length < min) {
		throw new AppError(
			'bad_request',
			min === 1 ? `${label} is required` : `${label} must be at least ${min} characters`,
			field
		);
	}
	if (value.length > options.max) {
		throw new AppError('bad_request', `${label} must be at most ${options.max} characters`, field);
	}
	return value;
}

export function optionalString(
	input: Record<string, unknown>,
	field: string,
	options: { max: number; label?: string }
): string {
	const raw = input[field];
	if (raw === undefined || raw === null) return '';
	return raw === '' ? '' : requireString(input, field, { ...options, min: 0 });
}

export function requireOneOf<T extends string>(
	input: Record<string, unknown>,
	field: string,
	allowed: readonly T[],
	label = field
): T {
	const value = input[field];
	if (value === undefined || value === null || value === '') {
		throw new AppError('bad_request', `${label} is required`, field);
	}
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw new AppError('bad_request', `${label} must be one of: ${allowed.join(', ')}`, field);
	}
	return value as T;
}

/** The body must be a JSON object; arrays, strings and null are refused. */
export function asObject(body: unknown): Record<string, unknown> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new AppError('bad_request', 'the request body must be a JSON object');
	}
	return body as Record<string, unknown>;
}

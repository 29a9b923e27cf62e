import { fail } from '@sveltejs/kit';
import { AppError } from '$server/errors.ts';

/** A submitted form as plain strings (file inputs are not part of any Converge form). */
export async function readForm(request: Request): Promise<Record<string, string>> {
	const form = await request.formData();
	const fields: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string') fields[key] = value;
	}
	return fields;
}

/**
 * Turns an expected failure into the `form` prop a page shows next to the field it names; the
 * values (never passwords) come back so the person does not retype them. Bugs are rethrown.
 */
export function formFailure(error: unknown, values: Record<string, string>) {
	if (!(error instanceof AppError)) throw error;
	const kept = { ...values };
	delete kept.password;
	return fail(error.status, { message: error.message, field: error.field ?? null, values: kept });
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
		return fallback;
	}
	return next;
}

/** Display helpers shared by pages; pure, so server and browser render the same text. */

const DATE = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	// The server renders the page first; a fixed zone keeps hydration from disagreeing with it.
	timeZone: 'UTC'
});

export function formatDate(iso: string | Date): string {
	return DATE.format(typeof iso === 'string' ? new Date(iso) : iso);
}

const ROLE_LABELS = {
	facilitator: 'Facilitator',
	participant: 'Participant',
	observer: 'Observer',
	viewer: 'Viewer'
} as const;

export function roleLabel(role: string): string {
	return ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role;
}

export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * A score as people read it at a glance: whole numbers from 100 on (with separators), one
 * decimal from 10, two below (trailing zeros dropped): 12,345, 123, 12.3, 1.25, 0.15.
 */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return '–';
	const size = Math.abs(value);
	if (size >= 100) return WHOLE.format(value);
	const digits = size >= 10 ? 1 : 2;
	return String(Number(value.toFixed(digits)));
}

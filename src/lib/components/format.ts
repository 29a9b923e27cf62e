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

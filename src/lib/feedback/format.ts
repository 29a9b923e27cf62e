/** How the feedback board writes its figures; pure, so server and browser agree. */

import { STATUS_LABELS as IDEA_STATUS_LABELS } from '../model/idea-status.ts';

const MONEY = new Intl.NumberFormat('en-US', {
	style: 'currency',
	currency: 'USD',
	notation: 'compact',
	maximumFractionDigits: 1
});

/** ARR as people read it in a list: $1.2M, $350K, $0 shown as "–". */
export function formatArr(arr: number): string {
	return arr > 0 ? MONEY.format(arr) : '–';
}

export const SOURCE_LABELS: Record<string, string> = {
	team: 'Team',
	portal: 'Portal',
	widget: 'Widget',
	api: 'API',
	import: 'Import',
	workshop: 'Workshop'
};

/** The model's status labels, looked up by the status a page received from the API. */
export const STATUS_LABELS: Readonly<Record<string, string>> = IDEA_STATUS_LABELS;

const AGO = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 days ago", for when feedback arrived. */
export function timeAgo(iso: string, now = Date.now()): string {
	const seconds = (new Date(iso).getTime() - now) / 1000;
	const steps: [number, Intl.RelativeTimeFormatUnit][] = [
		[60, 'second'],
		[60, 'minute'],
		[24, 'hour'],
		[30, 'day'],
		[12, 'month'],
		[Infinity, 'year']
	];
	let value = seconds;
	for (const [size, unit] of steps) {
		if (Math.abs(value) < size) return AGO.format(Math.round(value), unit);
		value /= size;
	}
	return '';
}

/** A URL slug as the server derives it (server/feedback/products.ts slugify), for the preview. */
export function slugPreview(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
}

/**
 * Where a product idea stands, as the feedback board sets it, the portal shows it and the status
 * emails announce it. Browser and server share the words, so they live here rather than beside
 * the server's idea store (which would also make delivery and feedback import each other).
 */
export type IdeaStatus =
	'open' | 'under_review' | 'planned' | 'in_progress' | 'shipped' | 'declined';

export const IDEA_STATUSES: readonly IdeaStatus[] = [
	'open',
	'under_review',
	'planned',
	'in_progress',
	'shipped',
	'declined'
];

export const STATUS_LABELS: Record<IdeaStatus, string> = {
	open: 'Open',
	under_review: 'Under review',
	planned: 'Planned',
	in_progress: 'In progress',
	shipped: 'Shipped',
	declined: 'Declined'
};

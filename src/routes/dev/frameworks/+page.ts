import type { PageLoad } from './$types';

/**
 * A harness for the framework views: each one with in-memory documents and the server's tally
 * derivation, to click through and screenshot without a server. A production server answers 404
 * for it unless started with CONVERGE_DEV_PAGES=1, as the end-to-end tests do (src/hooks.server.ts,
 * [RM5]); nothing links to it, and it reads and writes nothing but its own memory.
 */
export const ssr = false;

const VIEWS = ['scorecard', 'moscow', 'okr', 'dots', 'budget'] as const;
export type HarnessView = (typeof VIEWS)[number];

export const load: PageLoad = ({ url }) => {
	const q = url.searchParams;
	const view = VIEWS.find((v) => v === q.get('view')) ?? 'scorecard';
	return {
		view,
		as: ['ada', 'bea', 'cy'].includes(q.get('as') ?? '') ? q.get('as')! : 'ada',
		votes: q.get('votes') !== '0',
		setup: q.get('setup') !== '0',
		ideas: q.get('ideas') !== '0',
		blind: q.get('blind') === '1'
	};
};

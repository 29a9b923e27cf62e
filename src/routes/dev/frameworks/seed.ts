import * as Y from 'yjs';
import type { Idea } from '$lib/model/board.ts';
import type { FrameworkId } from '$lib/model/control.ts';
import type { Member } from '$lib/model/members.ts';

/**
 * A small workshop for the harness: eight ideas, three people, and the votes of the two who are
 * not "you" so group results have something to show. Deterministic, so end-to-end tests can rely
 * on the ranking it produces.
 */

const idea = (id: string, title: string, description = '', at = 0): Idea => ({
	id,
	title,
	description,
	createdBy: 'ada',
	createdAt: at
});

export const IDEAS: readonly Idea[] = [
	idea('sso', 'Single sign-on (SAML)', 'Enterprise customers ask for it in every deal.', 1),
	idea('offline', 'Offline mode for the mobile app', '', 2),
	idea('billing', 'Usage-based billing', '', 3),
	idea('dark', 'Dark mode', '', 4),
	idea('api', 'Public API v2 with webhooks', '', 5),
	idea('onboarding', 'In-app onboarding tour', '', 6),
	idea('audit', 'Audit log export', '', 7),
	idea('slack', 'Slack integration', '', 8)
];

export const PEOPLE: readonly Member[] = [
	{
		userId: 'ada',
		name: 'Ada Lovelace',
		function: 'Product',
		role: 'facilitator',
		isGuest: false,
		proxy: false
	},
	{
		userId: 'bea',
		name: 'Bea Engineer',
		function: 'Engineering',
		role: 'participant',
		isGuest: true,
		proxy: false
	},
	{
		userId: 'cy',
		name: 'Cy Seller',
		function: 'Sales',
		role: 'participant',
		isGuest: true,
		proxy: false
	}
];

export const OBJECTIVES = {
	'o-00000001-000001': {
		title: 'Grow enterprise revenue',
		keyResults: [
			{ id: 'kr-deals', title: 'Close 10 enterprise deals this half' },
			{ id: 'kr-churn', title: 'Cut churn of 50+ seat accounts to 5 %' }
		]
	},
	'o-00000002-000002': {
		title: 'Delight everyday users',
		keyResults: [
			{ id: 'kr-wau', title: 'Raise weekly active users by 20 %' },
			{ id: 'kr-nps', title: 'Lift NPS from 32 to 45' }
		]
	},
	'o-00000003-000003': {
		title: 'Run a reliable platform',
		keyResults: [{ id: 'kr-p99', title: 'API p99 latency under 300 ms' }]
	}
} as const;

export const PRICES: Record<string, number> = {
	sso: 60,
	offline: 90,
	billing: 70,
	dark: 20,
	api: 80,
	onboarding: 30,
	audit: 25,
	slack: 35
};

type Entries = Partial<Record<FrameworkId, Record<string, unknown>>>;

const score = (
	alignment: number,
	demand: number,
	impact: number,
	feasibility: number,
	time: number,
	dependencies: number,
	feedback: number
) => ({
	'strategic-alignment': alignment,
	'market-demand': demand,
	'business-impact': impact,
	'technical-feasibility': feasibility,
	'time-sensitivity': time,
	dependencies,
	'user-feedback': feedback
});

/** Bea's and Cy's ballots. Efforts (matrix) feed MoSCoW's Must share, as they do on the server. */
export const OTHER_BALLOTS: Record<string, Entries> = {
	bea: {
		matrix: {
			sso: { value: 80, effort: 60 },
			offline: { value: 60, effort: 90 },
			billing: { value: 70, effort: 70 },
			dark: { value: 30, effort: 10 },
			api: { value: 75, effort: 80 },
			onboarding: { value: 50, effort: 20 },
			audit: { value: 40, effort: 15 },
			slack: { value: 45, effort: 25 }
		},
		scorecard: {
			sso: score(5, 4, 4, 2, 4, 4, 3),
			offline: score(3, 3, 3, 2, 2, 4, 4),
			billing: score(4, 3, 5, 2, 3, 3, 2),
			dark: score(1, 2, 1, 5, 1, 1, 4),
			api: score(4, 3, 4, 3, 3, 3, 3)
		},
		moscow: {
			sso: 'must',
			billing: 'must',
			api: 'must',
			offline: 'should',
			dark: 'wont',
			onboarding: 'could'
		},
		okr: {
			sso: { 'kr-deals': 'strong', 'kr-churn': 'medium' },
			api: { 'kr-p99': 'weak', 'kr-deals': 'medium' },
			offline: { 'kr-wau': 'strong' }
		},
		dots: { sso: 2, offline: 2, api: 1 },
		budget: { sso: 30, api: 40, offline: 30 }
	},
	cy: {
		matrix: {
			sso: { value: 90, effort: 50 },
			offline: { value: 40, effort: 80 },
			billing: { value: 85, effort: 60 },
			dark: { value: 20, effort: 20 },
			api: { value: 60, effort: 70 },
			onboarding: { value: 70, effort: 30 },
			audit: { value: 55, effort: 25 },
			slack: { value: 60, effort: 35 }
		},
		scorecard: {
			sso: score(5, 5, 5, 3, 5, 3, 4),
			offline: score(2, 2, 2, 3, 2, 3, 3),
			billing: score(5, 4, 5, 2, 4, 4, 3),
			dark: score(1, 3, 1, 5, 1, 1, 5),
			onboarding: score(3, 3, 3, 4, 3, 2, 4)
		},
		moscow: {
			sso: 'must',
			billing: 'must',
			api: 'should',
			offline: 'could',
			dark: 'wont',
			slack: 'could'
		},
		okr: {
			sso: { 'kr-deals': 'strong' },
			billing: { 'kr-deals': 'medium', 'kr-churn': 'weak' },
			onboarding: { 'kr-wau': 'medium', 'kr-nps': 'weak' }
		},
		dots: { sso: 1, billing: 3, slack: 1 },
		budget: { sso: 50, billing: 40 }
	}
};

export interface SeedOptions {
	/** Bea's and Cy's votes. */
	votes: boolean;
	/** Objectives and prices in the control document. */
	setup: boolean;
}

export function seedControl(control: Y.Doc, options: SeedOptions): void {
	control.transact(() => {
		const settings = control.getMap('settings');
		settings.set('frameworks', ['matrix', 'scorecard', 'moscow', 'okr', 'dots', 'budget']);
		settings.set('blind', false);
		// The harness shows frameworks being scored: the tally counts ballots from the Score
		// phase on ([RM8]).
		settings.set('phase', 'score');
		if (!options.setup) return;
		const objectives = control.getMap('objectives');
		for (const [id, objective] of Object.entries(OBJECTIVES)) {
			objectives.set(id, { title: objective.title, keyResults: [...objective.keyResults] });
		}
		const prices = control.getMap('prices');
		for (const [id, price] of Object.entries(PRICES)) prices.set(id, price);
	});
}

export function seedBallot(ballot: Y.Doc, entries: Entries): void {
	ballot.transact(() => {
		for (const [framework, byIdea] of Object.entries(entries)) {
			const map = ballot.getMap(framework);
			for (const [ideaId, entry] of Object.entries(byIdea)) map.set(ideaId, entry);
		}
	});
}

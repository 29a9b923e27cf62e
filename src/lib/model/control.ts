import * as Y from 'yjs';
import { FRAMEWORK_IDS, type FrameworkId } from './frameworks/index.ts';
import type { Bucket } from './frameworks/moscow/moscow.ts';
import type { Objective } from './frameworks/okr/okr.ts';
import { DEFAULT_CRITERIA, type Criterion } from './frameworks/scorecard/scorecard.ts';
import { readGate, scoringOpened } from './session.ts';

export { FRAMEWORK_IDS, type FrameworkId, type Criterion, type Objective };

/**
 * The `control` document of a workshop: settings only facilitators write (the server trusts it to
 * decide what the tally reveals). See docs/documents.md.
 */

export function isFrameworkId(value: unknown): value is FrameworkId {
	return typeof value === 'string' && (FRAMEWORK_IDS as readonly string[]).includes(value);
}

export interface Settings {
	frameworks: FrameworkId[];
	/** Scores stay hidden (counts only) until revealed per framework. */
	blind: boolean;
	/** Individual scores never leave the server, even after reveal. */
	anonymous: boolean;
	/**
	 * Anti-HiPPO: nobody learns anyone's function (presence, per-function results, names on
	 * scores) until a framework is revealed. See functionsHidden.
	 */
	hideFunctions: boolean;
	revealed: Set<FrameworkId>;
	/**
	 * Ideas the facilitator revealed one by one while their framework stays blind, as
	 * `<framework>|<ideaId>` keys (see isIdeaVisible).
	 */
	revealedIdeas: Set<string>;
	dotsPerPerson: number;
	budgetPerPerson: number;
	/** Warn when Musts take more than this share of the total effort. */
	mustShareLimit: number;
	criteria: Criterion[];
	objectives: Objective[];
	/** Facilitator's final MoSCoW bucket per idea. */
	moscowFinal: Map<string, string>;
	/** Price of an idea in buy-a-feature, in budget units. */
	prices: Map<string, number>;
	/**
	 * The most the Leadership function may weigh in each group result, a share (see
	 * frameworks/leadership.ts); absent when there is no cap.
	 */
	leadershipCap?: number;
	/**
	 * True while ideas are collected and the facilitator has not allowed early scoring: the tally
	 * counts no ballot entry yet ([RM8]). Absent means scoring is open.
	 */
	beforeScoring?: boolean;
}

/** The shares a Leadership cap may take: below 5 % Leadership is all but silenced. */
export const LEADERSHIP_CAP_RANGE = { min: 0.05, max: 0.95 } as const;

function leadershipCap(value: unknown): number | undefined {
	const { min, max } = LEADERSHIP_CAP_RANGE;
	return typeof value === 'number' && value >= min && value <= max ? value : undefined;
}

/** Caps Leadership's weight in every group result at `share`, or lifts the cap (null). */
export function setLeadershipCap(doc: Y.Doc, share: number | null): void {
	const settings = doc.getMap('settings');
	if (share === null) settings.delete('leadershipCap');
	else if (leadershipCap(share) === undefined) {
		throw new RangeError('The Leadership cap is a share from 5 % to 95 %');
	} else settings.set('leadershipCap', share);
}

const DEFAULT_SETTINGS: Omit<Settings, 'revealed' | 'revealedIdeas' | 'moscowFinal' | 'prices'> = {
	frameworks: ['matrix'],
	blind: false,
	anonymous: false,
	hideFunctions: false,
	dotsPerPerson: 5,
	budgetPerPerson: 100,
	mustShareLimit: 0.6,
	criteria: [],
	objectives: []
};

function number(value: unknown, fallback: number, min: number, max: number) {
	return typeof value === 'number' && value >= min && value <= max ? value : fallback;
}

/** The allowances a facilitator may set; readSettings ignores any other. */
export const ALLOWANCE_LIMITS = {
	dotsPerPerson: { min: 1, max: 100 },
	budgetPerPerson: { min: 1, max: 1_000_000 }
} as const;

export type AllowanceSetting = keyof typeof ALLOWANCE_LIMITS;

function allowance(value: unknown, key: AllowanceSetting): number {
	const { min, max } = ALLOWANCE_LIMITS[key];
	return number(value, DEFAULT_SETTINGS[key], min, max);
}

function readCriterion(id: string, raw: unknown): Criterion | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const { name, weight, direction, source } = raw as Record<string, unknown>;
	if (typeof name !== 'string' || typeof weight !== 'number' || !(weight >= 0)) return null;
	return {
		id,
		name,
		weight,
		direction: direction === 'cost' ? 'cost' : 'benefit',
		...(source === 'demand' && { source })
	};
}

function readObjective(id: string, raw: unknown): Objective | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const { title, keyResults } = raw as Record<string, unknown>;
	if (typeof title !== 'string' || !Array.isArray(keyResults)) return null;
	return {
		id,
		title,
		keyResults: keyResults
			.filter((kr) => typeof kr?.id === 'string' && typeof kr?.title === 'string')
			.map((kr) => ({ id: kr.id as string, title: kr.title as string }))
	};
}

/** Reads the settings, falling back to defaults for anything missing or malformed. */
export function readSettings(doc: Y.Doc): Settings {
	const settings = doc.getMap('settings');
	const frameworks = settings.get('frameworks');
	const revealed = new Set<FrameworkId>();
	doc.getMap('revealed').forEach((value, key) => {
		if (value === true && isFrameworkId(key)) revealed.add(key);
	});
	const revealedIdeas = new Set<string>();
	doc.getMap('revealedIdeas').forEach((value, key) => {
		const [framework, ideaId, ...rest] = key.split('|');
		if (value === true && isFrameworkId(framework) && ideaId && rest.length === 0) {
			revealedIdeas.add(key);
		}
	});
	const criteria: Criterion[] = [];
	doc.getMap('criteria').forEach((raw, id) => {
		const criterion = readCriterion(id, raw);
		if (criterion) criteria.push(criterion);
	});
	const objectives: Objective[] = [];
	doc.getMap('objectives').forEach((raw, id) => {
		const objective = readObjective(id, raw);
		if (objective) objectives.push(objective);
	});
	const moscowFinal = new Map<string, string>();
	doc.getMap('moscowFinal').forEach((value, ideaId) => {
		if (typeof value === 'string') moscowFinal.set(ideaId, value);
	});
	const prices = new Map<string, number>();
	doc.getMap('prices').forEach((value, ideaId) => {
		if (typeof value === 'number' && value >= 0) prices.set(ideaId, value);
	});
	return {
		frameworks: Array.isArray(frameworks)
			? frameworks.filter(isFrameworkId)
			: DEFAULT_SETTINGS.frameworks,
		blind: typeof settings.get('blind') === 'boolean' ? (settings.get('blind') as boolean) : false,
		anonymous: settings.get('anonymous') === true,
		hideFunctions: settings.get('hideFunctions') === true,
		revealed,
		revealedIdeas,
		dotsPerPerson: allowance(settings.get('dotsPerPerson'), 'dotsPerPerson'),
		budgetPerPerson: allowance(settings.get('budgetPerPerson'), 'budgetPerPerson'),
		mustShareLimit: number(settings.get('mustShareLimit'), 0.6, 0, 1),
		criteria: criteria.sort((a, b) => (a.id < b.id ? -1 : 1)),
		objectives: objectives.sort((a, b) => (a.id < b.id ? -1 : 1)),
		moscowFinal,
		prices,
		...(leadershipCap(settings.get('leadershipCap')) !== undefined && {
			leadershipCap: settings.get('leadershipCap') as number
		}),
		...(!scoringOpened(readGate(doc)) && { beforeScoring: true })
	};
}

/** Whether individual scores and aggregates of a framework may be shown. */
export function isVisible(settings: Settings, framework: FrameworkId): boolean {
	return !settings.blind || settings.revealed.has(framework);
}

/** The `revealedIdeas` key of one idea in one framework. */
export function revealedIdeaKey(framework: FrameworkId, ideaId: string): string {
	return `${framework}|${ideaId}`;
}

/**
 * Whether one idea's group result and individual scores in a framework may be shown: the whole
 * framework is visible, or the facilitator revealed this idea on its own. Its rank and the
 * framework-wide summary stay hidden until the whole framework is (they would tell about the
 * ideas not revealed).
 */
export function isIdeaVisible(settings: Settings, framework: FrameworkId, ideaId: string): boolean {
	return (
		isVisible(settings, framework) || settings.revealedIdeas.has(revealedIdeaKey(framework, ideaId))
	);
}

/**
 * Whether who-is-in-which-function is withheld for one framework's results: while "hide functions"
 * is on, until the facilitator reveals that framework (whether or not voting is blind).
 */
export function functionsHiddenIn(settings: Settings, framework: FrameworkId): boolean {
	return settings.hideFunctions && !settings.revealed.has(framework);
}

/**
 * Whether everyone's function is withheld from presence and the member list: while "hide
 * functions" is on and some framework in use is not revealed yet.
 */
export function functionsHidden(settings: Settings): boolean {
	return settings.frameworks.some((framework) => functionsHiddenIn(settings, framework));
}

/**
 * The idea the facilitator put in the spotlight for discussion (the `spotlight` map's `ideaId`),
 * or null. Whether the idea still exists is for the reader to check against the board.
 */
export function readSpotlight(doc: Y.Doc): string | null {
	const ideaId = doc.getMap('spotlight').get('ideaId');
	return typeof ideaId === 'string' && /^[\w-]{1,64}$/.test(ideaId) ? ideaId : null;
}

/** Puts an idea in the spotlight, or clears it with null. */
export function writeSpotlight(doc: Y.Doc, ideaId: string | null): void {
	const spotlight = doc.getMap('spotlight');
	if (ideaId === null) spotlight.delete('ideaId');
	else spotlight.set('ideaId', ideaId);
}

// Writes of the facilitators' settings. Values are plain objects, so an edit of a criterion or an
// objective replaces it whole.

/** Hides functions until a reveal, which needs blind voting (functions come back at a reveal). */
export function writeHideFunctions(doc: Y.Doc, on: boolean): void {
	const settings = doc.getMap('settings');
	settings.set('hideFunctions', on);
	if (on) settings.set('blind', true);
}

export function writeAllowance(doc: Y.Doc, key: AllowanceSetting, value: number): void {
	doc.getMap('settings').set(key, value);
}

export function writeMustShareLimit(doc: Y.Doc, share: number): void {
	doc.getMap('settings').set('mustShareLimit', share);
}

/** The facilitator's final bucket for an idea; null removes it, so the consensus shows again. */
export function writeFinal(doc: Y.Doc, ideaId: string, bucket: Bucket | null): void {
	const finals = doc.getMap('moscowFinal');
	if (bucket) finals.set(ideaId, bucket);
	else finals.delete(ideaId);
}

/** A buy-a-feature price; null removes it, so the idea's effort stands in again. */
export function writePrice(doc: Y.Doc, ideaId: string, price: number | null): void {
	const prices = doc.getMap('prices');
	if (price === null) prices.delete(ideaId);
	else prices.set(ideaId, price);
}

export function writeCriterion(doc: Y.Doc, criterion: Criterion): void {
	const { id, name, weight, direction, source } = criterion;
	doc.getMap('criteria').set(id, { name, weight, direction, ...(source && { source }) });
}

export function removeCriterion(doc: Y.Doc, id: string): void {
	doc.getMap('criteria').delete(id);
}

/**
 * Writes the suggested criteria with their own ids: the server scores against exactly these while
 * none are set, so ballots already scored keep counting.
 */
export function useSuggestedCriteria(doc: Y.Doc): void {
	for (const criterion of DEFAULT_CRITERIA) writeCriterion(doc, criterion);
}

export function writeObjective(doc: Y.Doc, objective: Objective): void {
	doc.getMap('objectives').set(objective.id, {
		title: objective.title,
		keyResults: objective.keyResults.map(({ id, title }) => ({ id, title }))
	});
}

export function removeObjective(doc: Y.Doc, objectiveId: string): void {
	doc.getMap('objectives').delete(objectiveId);
}

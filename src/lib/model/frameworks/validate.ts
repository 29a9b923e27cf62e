import type { Placement } from '../board.ts';
import { byId } from './ballot.ts';
import { DEFAULT_BUDGET } from './buyafeature.ts';
import { DEFAULT_DOTS } from './dots.ts';
import { ICE_RANGE, type IceEntry } from './ice.ts';
import type { FrameworkId } from './index.ts';
import { BUCKETS, type Bucket } from './moscow.ts';
import { STRENGTHS, type Objective, type OkrEntry } from './okr.ts';
import { RICE_CONFIDENCES, RICE_IMPACTS, RICE_MAX_EFFORT, type RiceEntry } from './rice.ts';
import { SCORECARD_RANGE, type Criterion, type ScorecardEntry } from './scorecard.ts';
import { WSJF_SCALE, type WsjfEntry } from './wsjf.ts';

/**
 * Ballot entries come from a client's Yjs document, so they are untrusted JSON. A bad entry is
 * rejected with a reason its author can act on, never clamped into range: a silently changed vote is
 * worse than a visible error.
 */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The validated entry type of each framework. */
export interface EntryTypes {
	matrix: Placement;
	rice: RiceEntry;
	ice: IceEntry;
	wsjf: WsjfEntry;
	scorecard: ScorecardEntry;
	moscow: Bucket;
	okr: OkrEntry;
	dots: number;
	budget: number;
}

/** What an entry check returns for a bad entry, so a good one costs no allocation at all. */
export class Invalid {
	constructor(readonly reason: string) {}
}

/**
 * Checks one raw entry and returns it, typed, when it is valid. It does not copy: an object entry
 * may carry extra fields. Code that keeps or publishes entries uses the validate* functions or
 * validateBallot, which copy only the known fields.
 */
export type EntryCheck<T> = (raw: unknown) => T | Invalid;

/** A plain JSON object: not null, not an array, not an instance of some class. */
function isRecord(raw: unknown): raw is Record<string, unknown> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
	const prototype = Object.getPrototypeOf(raw);
	return prototype === Object.prototype || prototype === null;
}

function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
	return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

type Rule = readonly [name: string, valid: (value: unknown) => boolean, problem: string];

/**
 * Why an object-shaped entry is bad, every problem at once so its author fixes them in one go. Only
 * reached once the fast path has failed.
 */
function problemsOf(raw: unknown, what: string, rules: readonly Rule[]): Invalid {
	if (!isRecord(raw)) return new Invalid(`${what} needs ${rules.map(([name]) => name).join(', ')}`);
	const problems = rules
		.filter(([name, valid]) => !valid(raw[name]))
		.map(([, , problem]) => problem);
	return new Invalid(problems.join('; '));
}

// The checks below read fixed field names, which no Object.prototype member has. Each fast path is
// written out field by field because it runs for every entry of every ballot on each recompute.

const percent = (value: unknown) => isNumber(value) && value >= 0 && value <= 100;
const matrixRules: readonly Rule[] = [
	['value', percent, 'Value must be a number from 0 to 100'],
	['effort', percent, 'Effort must be a number from 0 to 100']
];

const checkMatrix: EntryCheck<Placement> = (raw) =>
	isRecord(raw) && percent(raw.value) && percent(raw.effort)
		? (raw as unknown as Placement)
		: problemsOf(raw, 'A placement', matrixRules);

const riceImpacts: readonly unknown[] = RICE_IMPACTS;
const riceConfidences: readonly unknown[] = RICE_CONFIDENCES;
const reach = (v: unknown) => isNumber(v) && v >= 0;
const riceEffort = (v: unknown) => isNumber(v) && v > 0 && v <= RICE_MAX_EFFORT;
const riceRules: readonly Rule[] = [
	['reach', reach, 'Reach must be a number of people, 0 or more'],
	['impact', (v) => riceImpacts.includes(v), `Impact must be one of ${RICE_IMPACTS.join(', ')}`],
	[
		'confidence',
		(v) => riceConfidences.includes(v),
		`Confidence must be one of ${RICE_CONFIDENCES.join(', ')} (%)`
	],
	['effort', riceEffort, `Effort must be more than 0 and at most ${RICE_MAX_EFFORT} person-months`]
];

const checkRice: EntryCheck<RiceEntry> = (raw) =>
	isRecord(raw) &&
	reach(raw.reach) &&
	riceImpacts.includes(raw.impact) &&
	riceConfidences.includes(raw.confidence) &&
	riceEffort(raw.effort)
		? (raw as unknown as RiceEntry)
		: problemsOf(raw, 'A RICE estimate', riceRules);

const iceRange = (value: unknown) => isIntegerIn(value, ICE_RANGE.min, ICE_RANGE.max);
const iceProblem = (name: string) =>
	`${name} must be a whole number from ${ICE_RANGE.min} to ${ICE_RANGE.max}`;
const iceRules: readonly Rule[] = [
	['impact', iceRange, iceProblem('Impact')],
	['confidence', iceRange, iceProblem('Confidence')],
	['ease', iceRange, iceProblem('Ease')]
];

const checkIce: EntryCheck<IceEntry> = (raw) =>
	isRecord(raw) && iceRange(raw.impact) && iceRange(raw.confidence) && iceRange(raw.ease)
		? (raw as unknown as IceEntry)
		: problemsOf(raw, 'An ICE score', iceRules);

// Looked up by value rather than searched: four run for every WSJF entry, and `includes` on the
// scale costs half of checking the whole entry.
const wsjfPoints = new Uint8Array(WSJF_SCALE[WSJF_SCALE.length - 1] + 1);
for (const point of WSJF_SCALE) wsjfPoints[point] = 1;
const onWsjfScale = (value: unknown) =>
	Number.isInteger(value) && (value as number) >= 0 && wsjfPoints[value as number] === 1;
const wsjfProblem = (name: string) => `${name} must be one of ${WSJF_SCALE.join(', ')}`;
const wsjfRules: readonly Rule[] = [
	['businessValue', onWsjfScale, wsjfProblem('Business value')],
	['timeCriticality', onWsjfScale, wsjfProblem('Time criticality')],
	['riskReduction', onWsjfScale, wsjfProblem('Risk reduction')],
	['jobSize', onWsjfScale, wsjfProblem('Job size')]
];

const checkWsjf: EntryCheck<WsjfEntry> = (raw) =>
	isRecord(raw) &&
	onWsjfScale(raw.businessValue) &&
	onWsjfScale(raw.timeCriticality) &&
	onWsjfScale(raw.riskReduction) &&
	onWsjfScale(raw.jobSize)
		? (raw as unknown as WsjfEntry)
		: problemsOf(raw, 'A WSJF estimate', wsjfRules);

/**
 * A scorecard entry check that also writes the entry's score per criterion, criterion c's at
 * `scores[at + c]` (NaN where it is not scored), as it reads them anyway: the aggregator keeps the
 * numbers, and reading an entry's keys by variable name a second time cost as much as the check.
 * What it writes for an entry it finds invalid means nothing.
 */
export function scorecardReader(
	criteria: readonly Criterion[]
): (raw: unknown, scores: Float64Array, at: number) => ScorecardEntry | Invalid {
	const ids = criteria.map((criterion) => criterion.id);
	const byCriterionId = new Map(criteria.map((criterion) => [criterion.id, criterion]));
	const { min, max } = SCORECARD_RANGE;
	/**
	 * Why an entry that the fast path did not accept is bad, key by key; it may also turn out
	 * valid, e.g. with a criterion's name shadowing an inherited member.
	 */
	const problems = (raw: Record<string, unknown>): ScorecardEntry | Invalid => {
		let problems: string[] | undefined;
		let scored = 0;
		for (const id in raw) {
			if (!Object.hasOwn(raw, id)) continue;
			const criterion = byCriterionId.get(id);
			if (!criterion) (problems ??= []).push(`There is no criterion "${id}"`);
			else if (!isIntegerIn(raw[id], min, max)) {
				(problems ??= []).push(`${criterion.name} must be a whole number from ${min} to ${max}`);
			} else scored++;
		}
		if (problems) return new Invalid(problems.join('; '));
		// Every own key is a criterion with a valid score, so the object is exactly the entry.
		return scored > 0 ? (raw as ScorecardEntry) : new Invalid('Score at least one criterion');
	};
	// The fast path reads criterion by criterion, then counts the keys: valid when every key it
	// counts is a criterion it read a valid score of. Cheaper than looking each key up, and it runs
	// for every scorecard entry on each recompute.
	return (raw, scores, at) => {
		if (!isRecord(raw)) return new Invalid('A scorecard needs a score per criterion');
		let scored = 0;
		for (let c = 0; c < ids.length; c++) {
			const score = raw[ids[c]];
			if (score === undefined) {
				scores[at + c] = NaN;
				continue;
			}
			if (!isIntegerIn(score, min, max)) return problems(raw);
			scores[at + c] = score;
			scored++;
		}
		let keys = 0;
		for (const _key in raw) keys++;
		if (scored > 0 && keys === scored) return raw as ScorecardEntry;
		// Valid only with a criterion read from elsewhere than the entry, which was not written.
		const checked = problems(raw);
		if (!(checked instanceof Invalid)) {
			for (let c = 0; c < ids.length; c++) {
				const score = Object.hasOwn(raw, ids[c]) ? raw[ids[c]] : undefined;
				scores[at + c] = typeof score === 'number' ? score : NaN;
			}
		}
		return checked;
	};
}

function scorecardCheck(criteria: readonly Criterion[]): EntryCheck<ScorecardEntry> {
	const read = scorecardReader(criteria);
	const scores = new Float64Array(criteria.length);
	return (raw) => read(raw, scores, 0);
}

const buckets: readonly unknown[] = BUCKETS;
const notABucket = new Invalid("The bucket must be one of Must, Should, Could or Won't");
const checkMoscow: EntryCheck<Bucket> = (raw) =>
	buckets.includes(raw) ? (raw as Bucket) : notABucket;

function okrCheck(keyResultIds: ReadonlySet<string>): EntryCheck<OkrEntry> {
	return (raw) => {
		if (!isRecord(raw)) return new Invalid('OKR links need a strength per key result');
		let problems: string[] | undefined;
		for (const id in raw) {
			if (!Object.hasOwn(raw, id)) continue;
			const strength = raw[id];
			if (!keyResultIds.has(id)) (problems ??= []).push(`There is no key result "${id}"`);
			else if (typeof strength !== 'string' || !Object.hasOwn(STRENGTHS, strength)) {
				(problems ??= []).push('A link’s strength must be weak, medium or strong');
			}
		}
		// Every own key is a key result with a valid strength, so the object is exactly the entry.
		return problems ? new Invalid(problems.join('; ')) : (raw as OkrEntry);
	};
}

function wholeAmount(problem: string): EntryCheck<number> {
	const invalid = new Invalid(problem);
	return (raw) => (Number.isInteger(raw) && (raw as number) >= 0 ? (raw as number) : invalid);
}

const checkDots = wholeAmount('Dots must be a whole number, 0 or more');
const checkBudget = wholeAmount('A pledge must be a whole amount, 0 or more');

/** Copies of valid entries with only their known fields, safe to keep or publish. */
const copies: { [F in FrameworkId]: (entry: EntryTypes[F]) => EntryTypes[F] } = {
	matrix: ({ value, effort }) => ({ value, effort }),
	rice: ({ reach, impact, confidence, effort }) => ({ reach, impact, confidence, effort }),
	ice: ({ impact, confidence, ease }) => ({ impact, confidence, ease }),
	wsjf: ({ businessValue, timeCriticality, riskReduction, jobSize }) => ({
		businessValue,
		timeCriticality,
		riskReduction,
		jobSize
	}),
	scorecard: (entry) => ({ ...entry }),
	moscow: (bucket) => bucket,
	okr: (entry) => ({ ...entry }),
	dots: (amount) => amount,
	budget: (amount) => amount
};

function validation<F extends FrameworkId>(
	framework: F,
	checked: EntryTypes[F] | Invalid
): Validation<EntryTypes[F]> {
	return checked instanceof Invalid
		? { ok: false, reason: checked.reason }
		: { ok: true, value: copies[framework](checked) };
}

/** Value and effort, each a number from 0 to 100. */
export function validateMatrix(raw: unknown): Validation<Placement> {
	return validation('matrix', checkMatrix(raw));
}

/** Reach ≥ 0, impact and confidence on RICE's scales, effort in (0, 1000] person-months. */
export function validateRice(raw: unknown): Validation<RiceEntry> {
	return validation('rice', checkRice(raw));
}

/** Impact, confidence and ease, each a whole number from 1 to 10. */
export function validateIce(raw: unknown): Validation<IceEntry> {
	return validation('ice', checkIce(raw));
}

/** Every field on the scale 1, 2, 3, 5, 8, 13, 20. */
export function validateWsjf(raw: unknown): Validation<WsjfEntry> {
	return validation('wsjf', checkWsjf(raw));
}

/**
 * Scores for some or all of the given criteria, each a whole number from 1 to 5. A score for a
 * criterion that is not defined (any more) is rejected rather than dropped, so its author sees that
 * it does not count.
 */
export function validateScorecard(
	raw: unknown,
	criteria: readonly Criterion[]
): Validation<ScorecardEntry> {
	return validation('scorecard', scorecardCheck(criteria)(raw));
}

export function validateMoscow(raw: unknown): Validation<Bucket> {
	return validation('moscow', checkMoscow(raw));
}

/**
 * Links from one idea to key results. An empty object is valid: the person sees no link. A link to a
 * key result that is not defined (any more) is rejected, as for scorecard criteria.
 */
export function validateOkr(raw: unknown, keyResultIds: ReadonlySet<string>): Validation<OkrEntry> {
	return validation('okr', okrCheck(keyResultIds)(raw));
}

export function validateDots(raw: unknown): Validation<number> {
	return validation('dots', checkDots(raw));
}

export function validateBudget(raw: unknown): Validation<number> {
	return validation('budget', checkBudget(raw));
}

export interface ValidationSettings {
	/** The scorecard's criteria; without them every scorecard entry is rejected. */
	criteria?: readonly Criterion[];
	/** The OKR objectives; without them every link is rejected. */
	objectives?: readonly Objective[];
	dotsPerPerson?: number;
	budgetPerPerson?: number;
	/**
	 * The workshop's ideas. When given, entries for other ideas (deleted, maybe restored later) are
	 * set aside as `ignored`: not an error of their author, and not counted against an allowance.
	 */
	ideaIds?: ReadonlySet<string>;
}

const checks: { [F in FrameworkId]: (settings: ValidationSettings) => EntryCheck<EntryTypes[F]> } =
	{
		matrix: () => checkMatrix,
		rice: () => checkRice,
		ice: () => checkIce,
		wsjf: () => checkWsjf,
		scorecard: (settings) => scorecardCheck(settings.criteria ?? []),
		moscow: () => checkMoscow,
		okr: (settings) =>
			okrCheck(
				new Set(
					(settings.objectives ?? []).flatMap((objective) =>
						objective.keyResults.map((kr) => kr.id)
					)
				)
			),
		dots: () => checkDots,
		budget: () => checkBudget
	};

/**
 * The per-entry check of a framework, for code that validates many entries and keeps none of them
 * (computeAll). Dots and budget also need the ballot-level check of validateBallot.
 */
export function entryCheck<F extends FrameworkId>(
	framework: F,
	settings: ValidationSettings = {}
): EntryCheck<EntryTypes[F]> {
	return checks[framework](settings);
}

export interface Rejection {
	ideaId: string;
	reason: string;
}

export interface BallotValidation<T> {
	valid: Map<string, T>;
	rejected: Rejection[];
	/** Entries for ideas not in `settings.ideaIds`. */
	ignored: string[];
}

/**
 * An allowance (dots, budget) overspent as a whole: every non-zero entry is rejected, since which of
 * them to drop is the author's choice, not ours. It happens when two offline tabs each spend the
 * last dots and their edits merge.
 */
function checkAllowance(
	result: BallotValidation<number>,
	allowance: number,
	describe: (spent: number) => string
): void {
	let spent = 0;
	for (const amount of result.valid.values()) spent += amount;
	if (spent <= allowance) return;
	const reason = describe(spent);
	for (const [ideaId, amount] of result.valid) {
		if (amount === 0) continue;
		result.valid.delete(ideaId);
		result.rejected.push({ ideaId, reason });
	}
}

/**
 * Validates every entry of one person's ballot for one framework, then the ballot as a whole (dots
 * and budget must not be overspent). Valid entries are copies with only their known fields;
 * rejections are listed by idea id.
 */
export function validateBallot<F extends FrameworkId>(
	framework: F,
	rawEntries: ReadonlyMap<string, unknown>,
	settings: ValidationSettings = {}
): BallotValidation<EntryTypes[F]> {
	const check = entryCheck(framework, settings);
	const copy = copies[framework];
	const result: BallotValidation<EntryTypes[F]> = { valid: new Map(), rejected: [], ignored: [] };
	for (const [ideaId, raw] of rawEntries) {
		if (settings.ideaIds && !settings.ideaIds.has(ideaId)) {
			result.ignored.push(ideaId);
			continue;
		}
		const checked = check(raw);
		if (checked instanceof Invalid) result.rejected.push({ ideaId, reason: checked.reason });
		else result.valid.set(ideaId, copy(checked));
	}
	if (framework === 'dots') {
		const limit = settings.dotsPerPerson ?? DEFAULT_DOTS;
		checkAllowance(
			result as BallotValidation<number>,
			limit,
			(spent) =>
				`${spent} dots placed but each person has ${limit}: remove ${spent - limit} for your dots to count`
		);
	} else if (framework === 'budget') {
		const limit = settings.budgetPerPerson ?? DEFAULT_BUDGET;
		checkAllowance(
			result as BallotValidation<number>,
			limit,
			(spent) =>
				`${spent} pledged but each person has ${limit}: take back ${spent - limit} for your pledges to count`
		);
	}
	result.rejected.sort((a, b) => byId(a.ideaId, b.ideaId));
	return result;
}

import type { Idea } from '$lib/model/board.ts';
import { ICE_RANGE, iceScore, type IceEntry } from '$lib/model/frameworks/ice/ice.ts';
import {
	RICE_CONFIDENCES,
	RICE_IMPACTS,
	riceScore,
	type RiceEntry
} from '$lib/model/frameworks/rice/rice.ts';
import { type Validation } from '$lib/model/frameworks/check.ts';
import { validateIce } from '$lib/model/frameworks/ice/check.ts';
import { validateRice } from '$lib/model/frameworks/rice/check.ts';
import { validateWsjf } from '$lib/model/frameworks/wsjf/check.ts';
import { WSJF_SCALE, wsjfScore, type WsjfEntry } from '$lib/model/frameworks/wsjf/wsjf.ts';
import { byRank } from '../common/tally.ts';

/**
 * The estimate frameworks (RICE, ICE, WSJF) share one view: a few numeric fields per idea, a
 * formula, and a ranked table of the group's results. This module describes their fields and
 * turns what a person typed into an entry (or the reasons it is not one), using the same
 * validators the server applies (validate.ts), so nothing is sent that the server would reject.
 */

export type EstimateFramework = 'rice' | 'ice' | 'wsjf';

export function isEstimateFramework(id: string): id is EstimateFramework {
	return id === 'rice' || id === 'ice' || id === 'wsjf';
}

export interface EstimateEntries {
	rice: RiceEntry;
	ice: IceEntry;
	wsjf: WsjfEntry;
}

export interface FieldOption {
	value: number;
	label: string;
}

export interface EstimateField {
	key: string;
	label: string;
	/** Short help shown under the column heading and in the field's description. */
	help: string;
	/** A select when the scale is a short list, a number field otherwise. */
	options: readonly FieldOption[] | null;
	/** For number fields. */
	min?: number;
	max?: number;
	step?: number | 'any';
	/** Shown after the value in the group's medians ("80 %"). */
	unit?: string;
}

const scale = (values: readonly number[], labels: Record<number, string> = {}) =>
	values.map((value) => ({ value, label: labels[value] ?? String(value) }));

export const ESTIMATE_FIELDS: { [F in EstimateFramework]: readonly EstimateField[] } = {
	rice: [
		{
			key: 'reach',
			label: 'Reach',
			help: 'People per quarter',
			options: null,
			min: 0,
			step: 'any'
		},
		{
			key: 'impact',
			label: 'Impact',
			help: '0.25 minimal … 3 massive',
			options: scale(RICE_IMPACTS)
		},
		{
			key: 'confidence',
			label: 'Confidence',
			help: 'How sure you are',
			options: scale(RICE_CONFIDENCES, { 50: '50 %', 80: '80 %', 100: '100 %' }),
			unit: ' %'
		},
		{
			key: 'effort',
			label: 'Effort',
			help: 'Person-months',
			options: null,
			min: 0,
			max: 1000,
			step: 'any'
		}
	],
	ice: [
		{ key: 'impact', label: 'Impact', help: '1–10', options: null, ...ICE_RANGE, step: 1 },
		{ key: 'confidence', label: 'Confidence', help: '1–10', options: null, ...ICE_RANGE, step: 1 },
		{ key: 'ease', label: 'Ease', help: '1–10', options: null, ...ICE_RANGE, step: 1 }
	],
	wsjf: [
		{
			key: 'businessValue',
			label: 'Business value',
			help: 'Fibonacci',
			options: scale(WSJF_SCALE)
		},
		{
			key: 'timeCriticality',
			label: 'Time criticality',
			help: 'Fibonacci',
			options: scale(WSJF_SCALE)
		},
		{
			key: 'riskReduction',
			label: 'Risk reduction',
			help: 'or opportunity enablement',
			options: scale(WSJF_SCALE)
		},
		{ key: 'jobSize', label: 'Job size', help: 'Fibonacci', options: scale(WSJF_SCALE) }
	]
};

const VALIDATORS: { [F in EstimateFramework]: (raw: unknown) => Validation<EstimateEntries[F]> } = {
	rice: validateRice,
	ice: validateIce,
	wsjf: validateWsjf
};

/** A valid entry of each framework, to check one field at a time against the real validator. */
const SAMPLES: { [F in EstimateFramework]: EstimateEntries[F] } = {
	rice: { reach: 100, impact: 1, confidence: 80, effort: 1 },
	ice: { impact: 5, confidence: 5, ease: 5 },
	wsjf: { businessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 5 }
};

const SCORES: { [F in EstimateFramework]: (entry: EstimateEntries[F]) => number } = {
	rice: riceScore,
	ice: iceScore,
	wsjf: wsjfScore
};

/** The score of one valid entry (the person's own RICE, ICE or WSJF). */
export function scoreOf<F extends EstimateFramework>(
	framework: F,
	entry: EstimateEntries[F]
): number {
	return SCORES[framework](entry);
}

/** What a person typed, by field key: the text of each input or select. */
export type Draft = Readonly<Record<string, string>>;

/** A draft from a saved ballot entry (raw, as another tab may have written anything). */
export function draftOf(framework: EstimateFramework, raw: unknown): Record<string, string> {
	const draft: Record<string, string> = {};
	if (typeof raw !== 'object' || raw === null) return draft;
	for (const { key } of ESTIMATE_FIELDS[framework]) {
		const value = (raw as Record<string, unknown>)[key];
		if (typeof value === 'number' && Number.isFinite(value)) draft[key] = String(value);
	}
	return draft;
}

/**
 * A RICE draft with Reach suggested from the backlog: an idea that came from the product backlog
 * offers its distinct requesters as Reach while the person has not given one. Only a suggestion in
 * the field (reachNote says so beside it): nothing is sent until the rest is filled in, and it is
 * edited like anything typed.
 */
export function withSuggestedReach(
	framework: EstimateFramework,
	draft: Record<string, string>,
	requesters: number | undefined
): Record<string, string> {
	if (framework !== 'rice' || requesters === undefined || draft.reach !== undefined) return draft;
	return { ...draft, reach: String(requesters) };
}

/** What the Reach field says of the backlog's requesters, or null for an idea from the room. */
export function reachNote(
	framework: EstimateFramework,
	draft: Draft,
	requesters: number | undefined
): string | null {
	if (framework !== 'rice' || requesters === undefined) return null;
	const people = `${requesters} ${requesters === 1 ? 'requester' : 'requesters'}`;
	return (draft.reach ?? '').trim() === String(requesters)
		? `Reach prefilled from ${people}`
		: `Backlog: ${people}`;
}

export type DraftReading<F extends EstimateFramework> =
	/** Every field filled in and valid: the entry to send. */
	| { state: 'complete'; entry: EstimateEntries[F]; score: number }
	/** Some fields filled in, all of them valid so far. */
	| { state: 'partial'; missing: string[] }
	/** Nothing filled in. */
	| { state: 'empty' }
	/** At least one field is not acceptable; `problems` by field key, in the validator's words. */
	| { state: 'invalid'; problems: Record<string, string> };

/**
 * Reads a draft as the server would read the entry it makes. Each field is checked alone, by the
 * framework's own validator with the other fields at known-good values, so the message is the
 * one the server would give, attached to the field it is about.
 */
export function readDraft<F extends EstimateFramework>(
	framework: F,
	draft: Draft
): DraftReading<F> {
	const fields = ESTIMATE_FIELDS[framework];
	const validate = VALIDATORS[framework];
	const values: Record<string, number> = {};
	const problems: Record<string, string> = {};
	const missing: string[] = [];
	for (const field of fields) {
		const text = (draft[field.key] ?? '').trim();
		if (text === '') {
			missing.push(field.label);
			continue;
		}
		const value = Number(text);
		const checked = validate({
			...SAMPLES[framework],
			[field.key]: Number.isFinite(value) ? value : text
		});
		if (checked.ok) values[field.key] = value;
		else problems[field.key] = checked.reason;
	}
	if (Object.keys(problems).length > 0) return { state: 'invalid', problems };
	if (missing.length === fields.length) return { state: 'empty' };
	if (missing.length > 0) return { state: 'partial', missing };
	const checked = validate(values);
	if (!checked.ok) return { state: 'invalid', problems: { '': checked.reason } };
	return { state: 'complete', entry: checked.value, score: scoreOf(framework, checked.value) };
}

/** Whether a saved entry is the same estimate as a complete draft's. */
export function sameEntry(framework: EstimateFramework, saved: unknown, entry: object): boolean {
	const draft = draftOf(framework, saved);
	return ESTIMATE_FIELDS[framework].every(
		({ key }) => draft[key] === String((entry as Record<string, unknown>)[key])
	);
}

/** One idea's group result, read defensively from its tally row. */
export interface EstimateResult {
	ideaId: string;
	title: string;
	number: number;
	/** Null for an idea revealed on its own while the rest stay blind (it is not ranked then). */
	rank: number | null;
	/** The formula applied to the per-field medians: what the idea is ranked by. */
	score: number;
	/** The median of each field, by key. */
	median: Record<string, number>;
	/** The median of everyone's own score. */
	medianOfScores: number | null;
	/** Interquartile range of everyone's own score. */
	spread: number;
	voters: number;
}

export interface EstimateResults {
	/** Ranked, best first. */
	rows: EstimateResult[];
	/** Ideas with estimates whose result is hidden (anonymous workshop, fewer than 3 people). */
	hidden: number;
	/** Ideas nobody has estimated yet. */
	unestimated: Idea[];
}

const finite = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

/**
 * The ranked table of the group's results, from the tally's rows (src/lib/model/tally-derivation.ts puts an
 * EstimateRow there: rank, count, median, score, medianOfScores, spread). Rows of the wrong shape
 * are skipped; ideas that are gone are left out.
 */
export function estimateResults(
	framework: EstimateFramework,
	ideas: readonly Idea[],
	aggregates: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
	votes: ReadonlyMap<string, number>
): EstimateResults {
	const rows: EstimateResult[] = [];
	const unestimated: Idea[] = [];
	let hidden = 0;
	ideas.forEach((idea, index) => {
		const row = aggregates.get(idea.id);
		const voted = votes.get(idea.id) ?? 0;
		if (!row) {
			if (voted === 0) unestimated.push(idea);
			return;
		}
		if (row.hidden === true) {
			hidden++;
			return;
		}
		const { rank, score, count, spread, medianOfScores } = row;
		const rawMedian = row.median as Record<string, unknown> | null;
		if (!(rank === null || finite(rank)) || !finite(score) || !finite(count) || !finite(spread))
			return;
		if (typeof rawMedian !== 'object' || rawMedian === null) return;
		const median: Record<string, number> = {};
		for (const { key } of ESTIMATE_FIELDS[framework]) {
			if (finite(rawMedian[key])) median[key] = rawMedian[key];
		}
		rows.push({
			ideaId: idea.id,
			title: idea.title,
			number: index + 1,
			rank,
			score,
			median,
			medianOfScores: finite(medianOfScores) ? medianOfScores : null,
			spread,
			voters: count
		});
	});
	rows.sort((a, b) => byRank(a, b) || a.number - b.number);
	return { rows, hidden, unestimated };
}

/** A person's own score from their raw entry (as the tally's `individual` holds it); null if invalid. */
export function entryScore<F extends EstimateFramework>(framework: F, raw: unknown): number | null {
	const checked = VALIDATORS[framework](raw);
	return checked.ok ? SCORES[framework](checked.value) : null;
}

/** The group's medians in a few characters each: "Reach 1,000 · Impact 2 · Confidence 80 %". */
export function mediansText(
	framework: EstimateFramework,
	median: Readonly<Record<string, number>>,
	format: (value: number) => string
): string {
	return ESTIMATE_FIELDS[framework]
		.filter(({ key }) => key in median)
		.map(({ key, label, unit }) => `${label} ${format(median[key])}${unit ?? ''}`)
		.join(' · ');
}

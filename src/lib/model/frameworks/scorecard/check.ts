import {
	Invalid,
	isIntegerIn,
	isRecord,
	validation,
	type EntryCheck,
	type EntryRules,
	type Validation
} from '../check.ts';
import { SCORECARD_RANGE, type Criterion, type ScorecardEntry } from './scorecard.ts';

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
	const given = criteria.map((criterion) => criterion.source !== undefined);
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
			else if (criterion.source) {
				(problems ??= []).push(`${criterion.name} is filled from the backlog, not scored`);
			} else if (!isIntegerIn(raw[id], min, max)) {
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
			if (given[c] || !isIntegerIn(score, min, max)) return problems(raw);
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

export const scorecardEntries: EntryRules<ScorecardEntry> = {
	check: (settings) => scorecardCheck(settings.criteria ?? []),
	copy: (entry) => ({ ...entry })
};

/**
 * Scores for some or all of the given criteria, each a whole number from 1 to 5. A score for a
 * criterion that is not defined (any more) is rejected rather than dropped, so its author sees that
 * it does not count.
 */
export function validateScorecard(
	raw: unknown,
	criteria: readonly Criterion[]
): Validation<ScorecardEntry> {
	return validation(scorecardEntries, scorecardCheck(criteria)(raw));
}

import {
	Invalid,
	isRecord,
	validation,
	type EntryCheck,
	type EntryRules,
	type Validation
} from '../check.ts';
import { STRENGTHS, type OkrEntry } from './okr.ts';

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

export const okrEntries: EntryRules<OkrEntry> = {
	check: (settings) =>
		okrCheck(
			new Set(
				(settings.objectives ?? []).flatMap((objective) => objective.keyResults.map((kr) => kr.id))
			)
		),
	copy: (entry) => ({ ...entry })
};

/**
 * Links from one idea to key results. An empty object is valid: the person sees no link. A link to a
 * key result that is not defined (any more) is rejected, as for scorecard criteria.
 */
export function validateOkr(raw: unknown, keyResultIds: ReadonlySet<string>): Validation<OkrEntry> {
	return validation(okrEntries, okrCheck(keyResultIds)(raw));
}

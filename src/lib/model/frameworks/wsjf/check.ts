import { fixedEntries, isRecord, problemsOf, type EntryCheck, type Rule } from '../check.ts';
import { WSJF_SCALE, type WsjfEntry } from './wsjf.ts';

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

// The fast path reads fixed field names, which no Object.prototype member has, written out field
// by field because it runs for every entry of every ballot on each recompute.
export const checkWsjf: EntryCheck<WsjfEntry> = (raw) =>
	isRecord(raw) &&
	onWsjfScale(raw.businessValue) &&
	onWsjfScale(raw.timeCriticality) &&
	onWsjfScale(raw.riskReduction) &&
	onWsjfScale(raw.jobSize)
		? (raw as unknown as WsjfEntry)
		: problemsOf(raw, 'A WSJF estimate', wsjfRules);

/** Every field on the scale 1, 2, 3, 5, 8, 13, 20. */
export const { entries: wsjfEntries, validate: validateWsjf } = fixedEntries(
	checkWsjf,
	({ businessValue, timeCriticality, riskReduction, jobSize }) => ({
		businessValue,
		timeCriticality,
		riskReduction,
		jobSize
	})
);

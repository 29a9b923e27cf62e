import type { DecisionContents } from '$lib/model/decision.ts';

/** A decision record as the API and the pages hand it over (dates as ISO strings). */
export interface DecisionJson extends DecisionContents {
	id: string;
	versionId: string | null;
	rationale: string;
	decidedByName: string | null;
	decidedAt: string;
	reopenedByName: string | null;
	reopenedAt: string | null;
	reopenReason: string;
}

export interface DecisionsJson {
	standing: DecisionJson | null;
	history: DecisionJson[];
}

import type { DecisionContents } from '../../src/lib/model/decision.ts';
import type { Queryable } from './connection.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';

export interface DecisionRecord extends DecisionContents {
	id: string;
	workshopId: string;
	/** The version saved when the decision was taken; null if it was deleted since. */
	versionId: string | null;
	rationale: string;
	decidedBy: string | null;
	decidedByName: string | null;
	decidedAt: Date;
	reopenedBy: string | null;
	reopenedByName: string | null;
	reopenedAt: Date | null;
	reopenReason: string;
}

interface Row {
	id: string;
	workshop_id: string;
	version_id: string | null;
	rationale: string;
	framework: DecisionContents['framework'];
	weights: string;
	attendance: string;
	roadmap: string;
	decided_by: string | null;
	decider: string | null;
	decided_at: Date;
	reopened_by: string | null;
	reopener: string | null;
	reopened_at: Date | null;
	reopen_reason: string;
}

function toRecord(row: Row): DecisionRecord {
	return {
		id: row.id,
		workshopId: row.workshop_id,
		versionId: row.version_id,
		rationale: row.rationale,
		framework: row.framework,
		weights: JSON.parse(row.weights),
		attendance: JSON.parse(row.attendance),
		roadmap: JSON.parse(row.roadmap),
		decidedBy: row.decided_by,
		decidedByName: row.decider,
		decidedAt: new Date(row.decided_at),
		reopenedBy: row.reopened_by,
		reopenedByName: row.reopener,
		reopenedAt: row.reopened_at && new Date(row.reopened_at),
		reopenReason: row.reopen_reason
	};
}

// JSON travels as text both ways (`::text::jsonb` in, `::text` out): postgres.js would otherwise
// encode a string parameter of a jsonb column as a JSON string, and the drivers parse jsonb
// results differently.
const COLUMNS = sql`d.id, d.workshop_id, d.version_id, d.rationale, d.framework,
	d.weights::text as weights, d.attendance::text as attendance, d.roadmap::text as roadmap,
	d.decided_by, decider.name as decider, d.decided_at,
	d.reopened_by, reopener.name as reopener, d.reopened_at, d.reopen_reason`;
const FROM = sql`decisions d
	left join users decider on decider.id = d.decided_by
	left join users reopener on reopener.id = d.reopened_by`;

/** Postgres' unique_violation: a workshop already has a standing decision. */
export function isUniqueViolation(error: unknown): boolean {
	return (
		typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
	);
}

export async function insertDecision(
	db: Queryable,
	input: DecisionContents & {
		workshopId: string;
		versionId: string;
		rationale: string;
		decidedBy: string;
	}
): Promise<string> {
	const id = newId();
	await db.query(sql`
		insert into decisions (id, workshop_id, version_id, rationale, framework, weights, attendance,
			roadmap, decided_by)
		values (${id}, ${input.workshopId}, ${input.versionId}, ${input.rationale}, ${input.framework},
			${JSON.stringify(input.weights)}::text::jsonb,
			${JSON.stringify(input.attendance)}::text::jsonb,
			${JSON.stringify(input.roadmap)}::text::jsonb, ${input.decidedBy})`);
	return id;
}

/** Every decision of a workshop, newest first; the first is standing if it was not re-opened. */
export async function listDecisions(db: Queryable, workshopId: string): Promise<DecisionRecord[]> {
	const rows = await db.query<Row>(sql`
		select ${COLUMNS} from ${FROM}
		where d.workshop_id = ${workshopId}
		order by d.decided_at desc, d.id desc`);
	return rows.map(toRecord);
}

export async function getDecision(
	db: Queryable,
	workshopId: string,
	id: string
): Promise<DecisionRecord | undefined> {
	const rows = await db.query<Row>(sql`
		select ${COLUMNS} from ${FROM} where d.workshop_id = ${workshopId} and d.id = ${id}`);
	return rows[0] && toRecord(rows[0]);
}

/** Stamps a standing decision as re-opened; false if there is none with that id. */
export async function markReopened(
	db: Queryable,
	input: { workshopId: string; id: string; reopenedBy: string; reason: string }
): Promise<boolean> {
	const rows = await db.query(sql`
		update decisions set reopened_by = ${input.reopenedBy}, reopened_at = now(),
			reopen_reason = ${input.reason}
		where workshop_id = ${input.workshopId} and id = ${input.id} and reopened_at is null
		returning 1`);
	return rows.length > 0;
}

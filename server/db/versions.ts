import type { Queryable } from './connection.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';

export type VersionKind = 'manual' | 'phase' | 'restore' | 'decision';

export interface VersionSummary {
	id: string;
	name: string;
	kind: VersionKind;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: Date;
}

export interface VersionDocuments {
	board: Uint8Array;
	control: Uint8Array;
	tally: Uint8Array;
}

export async function insertVersion(
	db: Queryable,
	input: VersionDocuments & {
		workshopId: string;
		name: string;
		kind: VersionKind;
		createdBy: string | null;
	}
): Promise<VersionSummary> {
	const id = newId();
	const rows = await db.query<{ created_at: Date }>(sql`
		insert into versions (id, workshop_id, name, kind, board, control, tally, created_by)
		values (${id}, ${input.workshopId}, ${input.name}, ${input.kind}, ${input.board},
			${input.control}, ${input.tally}, ${input.createdBy})
		returning created_at`);
	return {
		id,
		name: input.name,
		kind: input.kind,
		createdBy: input.createdBy,
		createdByName: null,
		createdAt: new Date(rows[0].created_at)
	};
}

/** Newest first. */
export async function listVersions(db: Queryable, workshopId: string): Promise<VersionSummary[]> {
	const rows = await db.query<{
		id: string;
		name: string;
		kind: VersionKind;
		created_by: string | null;
		author: string | null;
		created_at: Date;
	}>(sql`
		select v.id, v.name, v.kind, v.created_by, u.name as author, v.created_at
		from versions v left join users u on u.id = v.created_by
		where v.workshop_id = ${workshopId}
		order by v.created_at desc, v.id desc`);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		kind: r.kind,
		createdBy: r.created_by,
		createdByName: r.author,
		createdAt: new Date(r.created_at)
	}));
}

export async function getVersionDocuments(
	db: Queryable,
	workshopId: string,
	versionId: string
): Promise<(VersionDocuments & { name: string; createdAt: Date }) | undefined> {
	const rows = await db.query<{
		name: string;
		created_at: Date;
		board: Uint8Array;
		control: Uint8Array;
		tally: Uint8Array;
	}>(sql`
		select name, created_at, board, control, tally from versions
		where workshop_id = ${workshopId} and id = ${versionId}`);
	const row = rows[0];
	return (
		row && {
			name: row.name,
			createdAt: new Date(row.created_at),
			board: new Uint8Array(row.board),
			control: new Uint8Array(row.control),
			tally: new Uint8Array(row.tally)
		}
	);
}

import * as Y from 'yjs';
import { restoreBoard, restoreControl, writeLatestVersion } from '../src/lib/model/versions.ts';
import type { Services } from './services.ts';
import {
	getVersionDocuments,
	insertVersion,
	listVersions,
	type VersionDocuments,
	type VersionKind,
	type VersionSummary
} from './db/versions.ts';
import { AppError } from './errors.ts';
import { documentName } from './sync/documents.ts';
import type { Rooms } from './sync/rooms.ts';
import { requireString } from './validation.ts';
import { requireFacilitator, viewWorkshop } from './workshops.ts';
import type { Queryable } from './db/connection.ts';

const KINDS = ['board', 'control', 'tally'] as const;

/** Runs `fn` with the workshop's live board, control and tally documents in memory. */
export async function withDocuments<T>(
	rooms: Rooms,
	workshopId: string,
	fn: (docs: Record<(typeof KINDS)[number], Y.Doc>) => T | Promise<T>
): Promise<T> {
	const held = await Promise.all(
		KINDS.map((kind) => rooms.acquire(documentName({ kind, workshopId })))
	);
	try {
		return await fn({ board: held[0].doc, control: held[1].doc, tally: held[2].doc });
	} finally {
		await Promise.all(held.map((room) => rooms.release(room)));
	}
}

/** The live documents' state, encoded as a version stores them. */
function captureDocuments(rooms: Rooms, workshopId: string): Promise<VersionDocuments> {
	return withDocuments(rooms, workshopId, (docs) => ({
		board: Y.encodeStateAsUpdate(docs.board),
		control: Y.encodeStateAsUpdate(docs.control),
		tally: Y.encodeStateAsUpdate(docs.tally)
	}));
}

/** Snapshots the live documents as a named version. */
export async function snapshotVersion(
	db: Queryable,
	rooms: Rooms,
	input: { workshopId: string; name: string; kind: VersionKind; createdBy: string | null }
): Promise<VersionSummary> {
	const documents = await captureDocuments(rooms, input.workshopId);
	const summary = await insertVersion(db, { ...input, ...documents });
	// Every member has the control document open: the mark tells their history lists to reload.
	await withDocuments(rooms, input.workshopId, ({ control }) =>
		control.transact(() => writeLatestVersion(control, summary.id), 'server')
	);
	return summary;
}

export async function saveVersion(
	app: Pick<Services, 'db' | 'rooms'>,
	userId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<VersionSummary> {
	await requireFacilitator(app, userId, workshopId, 'manage versions');
	const name = requireString(input, 'name', { max: 120, label: 'Name' });
	return snapshotVersion(app.db, app.rooms, {
		workshopId,
		name,
		kind: 'manual',
		createdBy: userId
	});
}

export async function versionsOf(app: Pick<Services, 'db'>, userId: string, workshopId: string) {
	await viewWorkshop(app, userId, workshopId);
	return listVersions(app.db, workshopId);
}

/** A version's documents, decoded, for reading and comparing. */
export async function openVersion(
	app: Pick<Services, 'db'>,
	userId: string,
	workshopId: string,
	versionId: string
) {
	await viewWorkshop(app, userId, workshopId);
	const stored = await getVersionDocuments(app.db, workshopId, versionId);
	if (!stored) throw new AppError('not_found', 'No such version');
	const decode = (update: Uint8Array) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		return doc;
	};
	return {
		name: stored.name,
		createdAt: stored.createdAt,
		board: decode(stored.board),
		control: decode(stored.control),
		tally: decode(stored.tally)
	};
}

/**
 * Restores a version as a new change: the current state is saved first ("Before restoring …"),
 * then the live board and scoring setup are brought back to the version's, visibly to everyone
 * connected. Nothing in the history is deleted.
 */
export async function restoreVersion(
	app: Pick<Services, 'db' | 'rooms'>,
	userId: string,
	workshopId: string,
	versionId: string
): Promise<VersionSummary> {
	await requireFacilitator(app, userId, workshopId, 'manage versions');
	const version = await openVersion(app, userId, workshopId, versionId);
	const before = await snapshotVersion(app.db, app.rooms, {
		workshopId,
		name: `Before restoring “${version.name}”`,
		kind: 'restore',
		createdBy: userId
	});
	await withDocuments(app.rooms, workshopId, (live) => {
		restoreBoard(live.board, version.board);
		restoreControl(live.control, version.control);
	});
	return before;
}

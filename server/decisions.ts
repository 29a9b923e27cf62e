import * as Y from 'yjs';
import { decisionContents } from '../src/lib/model/decision.ts';
import { readSettings } from '../src/lib/model/control.ts';
import { readOutcome } from '../src/lib/model/outcome.ts';
import type { App } from './app.ts';
import {
	getDecision,
	insertDecision,
	isUniqueViolation,
	listDecisions,
	markReopened,
	type DecisionRecord
} from './db/decisions.ts';
import { insertVersion } from './db/versions.ts';
import { sql } from './db/sql.ts';
import { queueEvent } from './delivery/outbox.ts';
import { AppError } from './errors.ts';
import { documentName } from './sync/documents.ts';
import { optionalString, requireString } from './validation.ts';
import { withDocuments } from './versions.ts';
import { requireFacilitator, viewWorkshop } from './workshops.ts';

const RATIONALE_MAX = 4000;

export interface Decisions {
	/** The decision that stands, if the workshop is decided. */
	standing: DecisionRecord | null;
	/** Every decision, newest first, re-opened ones included. */
	history: DecisionRecord[];
}

function split(history: DecisionRecord[]): Decisions {
	const latest = history[0];
	return { standing: latest && !latest.reopenedAt ? latest : null, history };
}

/**
 * Tells everyone in the room that the workshop was decided or re-opened: the server writes a
 * pointer into the control document (`decision` map, key `standing`), which every member reads
 * live. The record itself stays in the database, where members and share links read it.
 */
async function announce(
	app: App,
	workshopId: string,
	standing: { id: string; decidedAt: number } | null
) {
	const room = await app.rooms.acquire(documentName({ kind: 'control', workshopId }));
	try {
		room.doc.transact(() => {
			const map = room.doc.getMap('decision');
			if (standing) map.set('standing', standing);
			else map.delete('standing');
		}, 'server');
	} finally {
		await app.rooms.release(room);
	}
}

/**
 * Marks the workshop decided. Saves a version of the workshop as it stands (kind "decision") and
 * a record of the rationale, the framework and weights that ranked the roadmap, who took part
 * (and who was connected), and the roadmap itself. A workshop has one standing decision at most:
 * re-open it before deciding again.
 */
export async function decide(
	app: App,
	userId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<DecisionRecord> {
	const view = await requireFacilitator(app, userId, workshopId, 'mark the workshop decided');
	const rationale = requireString(input, 'rationale', {
		max: RATIONALE_MAX,
		label: 'A rationale'
	});
	if (split(await listDecisions(app.db, workshopId)).standing) {
		throw new AppError('conflict', 'This workshop is already decided; re-open it to decide again');
	}
	const connected = app.sync.connectedUsers(workshopId);
	const { documents, contents } = await withDocuments(app.rooms, workshopId, (docs) => ({
		documents: {
			board: Y.encodeStateAsUpdate(docs.board),
			control: Y.encodeStateAsUpdate(docs.control),
			tally: Y.encodeStateAsUpdate(docs.tally)
		},
		contents: decisionContents(
			readOutcome(docs.board, docs.control, docs.tally),
			readSettings(docs.control).criteria,
			view.members,
			connected
		)
	}));
	let id: string;
	try {
		id = await app.db.transaction(async (tx) => {
			const version = await insertVersion(tx, {
				workshopId,
				name: 'Marked decided',
				kind: 'decision',
				createdBy: userId,
				...documents
			});
			const decisionId = await insertDecision(tx, {
				...contents,
				workshopId,
				versionId: version.id,
				rationale,
				decidedBy: userId
			});
			// The product's webhooks hear of it in the same transaction (server/delivery).
			const [workshop] = await tx.query<{ product_id: string | null; title: string }>(
				sql`select product_id, title from workshops where id = ${workshopId}`
			);
			if (workshop?.product_id) {
				await queueEvent(tx, workshop.product_id, 'workshop.decided', {
					workshop: { id: workshopId, title: workshop.title },
					decisionId,
					rationale
				});
			}
			return decisionId;
		});
	} catch (error) {
		// Another facilitator decided in the same moment.
		if (isUniqueViolation(error)) {
			throw new AppError('conflict', 'This workshop was just marked decided by someone else');
		}
		throw error;
	}
	const record = (await getDecision(app.db, workshopId, id))!;
	await announce(app, workshopId, { id, decidedAt: record.decidedAt.getTime() });
	return record;
}

/**
 * Re-opens a standing decision: the record stays, stamped with who re-opened it, when and why,
 * and the workshop can be decided again later (a new record).
 */
export async function reopen(
	app: App,
	userId: string,
	workshopId: string,
	decisionId: string,
	input: Record<string, unknown>
): Promise<DecisionRecord> {
	await requireFacilitator(app, userId, workshopId, 're-open a decision');
	const reason = optionalString(input, 'reason', { max: RATIONALE_MAX, label: 'The reason' });
	if (!(await markReopened(app.db, { workshopId, id: decisionId, reopenedBy: userId, reason }))) {
		const existing = await getDecision(app.db, workshopId, decisionId);
		throw existing
			? new AppError('conflict', 'This decision was already re-opened')
			: new AppError('not_found', 'No such decision');
	}
	await announce(app, workshopId, null);
	return (await getDecision(app.db, workshopId, decisionId))!;
}

/** The workshop's decisions, for its members. */
export async function decisionsOf(
	app: App,
	userId: string,
	workshopId: string
): Promise<Decisions> {
	await viewWorkshop(app, userId, workshopId);
	return split(await listDecisions(app.db, workshopId));
}

/** The workshop's decisions, for a page whose access was already checked (a share link). */
export async function sharedDecisions(app: App, workshopId: string): Promise<Decisions> {
	return split(await listDecisions(app.db, workshopId));
}

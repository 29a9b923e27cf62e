import { ideasOpen, votingOpen, type Gate } from '../../src/lib/model/session.ts';
import { isVoter, type Role } from '../../src/lib/model/members.ts';

/**
 * The documents of a workshop, one per group of writers (see docs/documents.md): permissions are
 * decided per document at connect time instead of by inspecting updates.
 */
export type DocumentKind = 'board' | 'control' | 'ballot' | 'tally';

export interface DocumentAddress {
	workshopId: string;
	kind: DocumentKind;
	/** For a ballot: the user whose ballot it is. */
	owner?: string;
}

const ID = '[a-z2-7]{16}';
const PATHS: [RegExp, (m: RegExpExecArray) => DocumentAddress][] = [
	[new RegExp(`^/sync/(${ID})$`), (m) => ({ workshopId: m[1], kind: 'board' })],
	[new RegExp(`^/sync/(${ID})/control$`), (m) => ({ workshopId: m[1], kind: 'control' })],
	[new RegExp(`^/sync/(${ID})/tally$`), (m) => ({ workshopId: m[1], kind: 'tally' })],
	[
		new RegExp(`^/sync/(${ID})/ballot/(${ID})$`),
		(m) => ({ workshopId: m[1], kind: 'ballot', owner: m[2] })
	]
];

export function parseSyncPath(path: string): DocumentAddress | null {
	for (const [pattern, build] of PATHS) {
		const match = pattern.exec(path);
		if (match) return build(match);
	}
	return null;
}

/** The name a document is stored and kept in memory under. */
export function documentName(address: DocumentAddress): string {
	const { kind, workshopId, owner } = address;
	return kind === 'ballot' ? `ballot:${workshopId}:${owner}` : `${kind}:${workshopId}`;
}

export function parseDocumentName(name: string): DocumentAddress | null {
	const [kind, workshopId, owner] = name.split(':');
	if (kind === 'ballot' && workshopId && owner) return { kind, workshopId, owner };
	if ((kind === 'board' || kind === 'control' || kind === 'tally') && workshopId && !owner) {
		return { kind, workshopId };
	}
	return null;
}

export type Access = 'write' | 'read' | null;

/**
 * Who may do what with each document. Ballots are private to their owner (the server reads them
 * to derive the tally), except a proxy person's, which facilitators write for them; the tally is
 * written by the server alone; the control document (settings, reveal) by facilitators alone;
 * observers and viewers only read.
 */
export function accessTo(
	address: DocumentAddress,
	role: Role,
	userId: string,
	ownerIsProxy = false
): Access {
	switch (address.kind) {
		case 'board':
			return isVoter(role) ? 'write' : 'read';
		case 'control':
			return role === 'facilitator' ? 'write' : 'read';
		case 'tally':
			return 'read';
		case 'ballot':
			if (address.owner === userId) return isVoter(role) ? 'write' : null;
			return ownerIsProxy && role === 'facilitator' ? 'write' : null;
	}
}

/** Whether the connection's presence (awareness) is shared: everyone in the room but viewers. */
export function sharesPresence(role: Role): boolean {
	return role !== 'viewer';
}

/**
 * Whether a connection that its role lets write is read-only in the current phase: participants
 * change ideas only while ideas are open, and their ballot only while voting is open. Facilitators
 * are never held back.
 */
export function heldBack(address: DocumentAddress, role: Role, gate: Gate): boolean {
	if (role !== 'participant') return false;
	if (address.kind === 'board') return !ideasOpen(gate);
	if (address.kind === 'ballot') return !votingOpen(gate);
	return false;
}

/**
 * Who is in a workshop and what their role lets them do: the rules the server enforces
 * (server/sync/documents.ts) and the browser explains (src/lib/sync/permissions.ts) are these.
 */

/**
 * facilitator: runs the workshop (several may); participant: adds ideas and votes; observer: in
 * the room and sees everything, does not vote; viewer: read-only, not shown as present.
 */
export type Role = 'facilitator' | 'participant' | 'observer' | 'viewer';
export const ROLES: readonly Role[] = ['facilitator', 'participant', 'observer', 'viewer'];

export interface Member {
	userId: string;
	name: string;
	function: string;
	role: Role;
	isGuest: boolean;
	/**
	 * Someone in the room without a device: a facilitator enters their votes. They have no
	 * sessions and always take part as a participant.
	 */
	proxy: boolean;
}

/** Whether the role votes at all (and so has a ballot and writes the board). */
export function isVoter(role: Role): boolean {
	return role === 'facilitator' || role === 'participant';
}

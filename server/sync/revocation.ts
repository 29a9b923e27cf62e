import type { Grant } from './upgrade.ts';

/**
 * Which open connections a change of access closes, as data rather than a predicate, so that it
 * can travel to the other processes of a cluster (server/cluster/signals.ts, [SX5]).
 */
export type Revocation = { code: number } & (
	| {
			workshopId: string;
			userId: string;
			/** Also connections (a facilitator's) to the user's ballot: a removed proxy person's. */
			ballot?: boolean;
	  }
	| { shareLinkId: string }
	| { sessionId: string }
);

export function revokes(revocation: Revocation, grant: Grant): boolean {
	if ('shareLinkId' in revocation) return grant.shareLinkId === revocation.shareLinkId;
	if ('sessionId' in revocation) return grant.sessionId === revocation.sessionId;
	return (
		grant.workshopId === revocation.workshopId &&
		(grant.userId === revocation.userId ||
			(revocation.ballot === true && grant.address.owner === revocation.userId))
	);
}

import type { Role } from '$lib/model/members.ts';
import {
	ideasOpen,
	PHASE_LABELS,
	SCORING_NOT_OPEN,
	scoringOpened,
	votingOpen,
	type Gate
} from '$lib/model/session.ts';

export interface Permissions {
	/** The user may change their ballot now. */
	canVote: boolean;
	/** The user may add, edit and delete ideas now. */
	canEditIdeas: boolean;
	/** Why the user cannot vote (or, for a facilitator, that participants cannot); null when open. */
	votingNote: string | null;
	/** Why the user cannot change ideas; null when they can. */
	ideasNote: string | null;
}

function closedBecause(gate: Gate, what: 'votes' | 'ideas'): string {
	const phase = PHASE_LABELS[gate.phase];
	if (what === 'votes') {
		if (gate.locked) return 'The facilitator locked the session: votes are frozen.';
		if (!scoringOpened(gate)) return SCORING_NOT_OPEN;
		return `Voting is closed in the “${phase}” phase.`;
	}
	if (gate.locked) return 'The facilitator locked the session: ideas are frozen.';
	if (gate.phase === 'score') return 'Ideas are closed while the group scores them.';
	return `Ideas are closed in the “${phase}” phase.`;
}

function forParticipants(gate: Gate): string {
	if (gate.locked) return 'Locked: participants’ votes are frozen until you unlock.';
	return `Participants cannot vote in the “${PHASE_LABELS[gate.phase]}” phase.`;
}

/**
 * What the user may change now, as the server decides it (server/sync/documents.ts, SPEC [G1],
 * [G2]), with a short explanation for each thing they may not: inputs are disabled rather than
 * letting someone type into a connection the server treats as read-only.
 */
export function permissions(role: Role, gate: Gate): Permissions {
	if (role === 'viewer' || role === 'observer') {
		const note =
			role === 'observer'
				? 'You are observing: you see everything and vote on nothing.'
				: 'You are following this workshop read-only.';
		return { canVote: false, canEditIdeas: false, votingNote: note, ideasNote: note };
	}
	if (role === 'facilitator') {
		// Facilitators are never held back, but before scoring opens no ballot counts, theirs
		// included ([RM8]); they are told what their participants cannot do.
		if (!scoringOpened(gate)) {
			return {
				canVote: false,
				canEditIdeas: true,
				votingNote: `${SCORING_NOT_OPEN} Allow early scoring in Setup to open it now.`,
				ideasNote: null
			};
		}
		return {
			canVote: true,
			canEditIdeas: true,
			votingNote: votingOpen(gate) ? null : forParticipants(gate),
			ideasNote: null
		};
	}
	const canVote = votingOpen(gate);
	const canEditIdeas = ideasOpen(gate);
	return {
		canVote,
		canEditIdeas,
		votingNote: canVote ? null : closedBecause(gate, 'votes'),
		ideasNote: canEditIdeas ? null : closedBecause(gate, 'ideas')
	};
}

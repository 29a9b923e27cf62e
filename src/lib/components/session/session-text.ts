import { ideasOpen, votingOpen, type Gate, type Phase } from '$lib/model/session.ts';

/** The words of the live-session controls; pure, so they are tested without a DOM. */

const PHASE_NOW: Record<Phase, string> = {
	collect: 'Collecting ideas',
	score: 'Scoring',
	discuss: 'Discussing',
	decide: 'Deciding'
};

/** One line telling participants what they can do in this phase, e.g. "Scoring: ideas are closed; vote on every idea". */
export function phaseHint(gate: Gate): string {
	if (gate.locked) return 'Locked: the board and the votes are frozen for now';
	const ideas = ideasOpen(gate);
	const votes = votingOpen(gate);
	const what =
		ideas && votes
			? 'add ideas and vote on them'
			: votes
				? 'ideas are closed; vote on every idea'
				: ideas
					? 'add ideas; voting is closed'
					: 'ideas and votes are closed; follow the discussion';
	return `${PHASE_NOW[gate.phase]}: ${what}`;
}

/**
 * What a screen reader hears about the countdown: whole minutes only, so it speaks when the
 * minute changes and not every second.
 */
export function minuteAnnouncement(ms: number, paused: boolean): string {
	if (ms <= 0) return paused ? 'Timer paused' : "Time's up";
	const minutes = Math.ceil(ms / 60_000);
	const left = minutes === 1 ? 'Less than a minute left' : `${minutes} minutes left`;
	return paused ? `Timer paused, ${left.toLowerCase()}` : left;
}

/** Milliseconds until the displayed whole second changes, so a ticker can wake just then. */
export function msToNextSecond(ms: number): number {
	const rest = ms % 1000;
	return rest > 0 ? rest : 1000;
}

export interface VoterLike {
	userId: string;
	name: string;
	role: string;
}

/** The members who may vote (facilitators and participants) and have not, by name. */
export function notVoted<M extends VoterLike>(
	members: readonly M[],
	votedIds: ReadonlySet<string>
): M[] {
	return members
		.filter(
			(m) => (m.role === 'participant' || m.role === 'facilitator') && !votedIds.has(m.userId)
		)
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The message of an API error body (`{error: {message}}`), or a fallback naming the status. */
export function apiErrorMessage(body: unknown, status: number, doing: string): string {
	const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
	if (typeof message === 'string' && message.trim() !== '') return message;
	return `Could not ${doing} (the server answered ${status}).`;
}

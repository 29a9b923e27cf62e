/** The words of the people panel; pure, so they are tested without a DOM. */

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

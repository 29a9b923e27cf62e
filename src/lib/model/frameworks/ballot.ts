/**
 * One participant's entries for one framework, as the server reads them out of that person's
 * `ballot` document (see docs/documents.md). Entries are keyed by idea id.
 */
export interface Voter {
	userId: string;
	name: string;
	/** The voter's function (Product, Engineering, …); see ../functions.ts. */
	function: string;
}

export interface BallotOf<T> {
	voter: Voter;
	entries: ReadonlyMap<string, T>;
}

/**
 * The entries for one idea and who gave them, as two parallel arrays (`voters[i]` gave
 * `entries[i]`): a workshop has tens of thousands of entries, and one object per entry is what the
 * garbage collector would spend its time on.
 */
export interface IdeaVotes<T> {
	voters: Voter[];
	entries: T[];
}

/** Entries grouped by idea id. */
export type VotesByIdea<T> = ReadonlyMap<string, IdeaVotes<T>>;

/** Regroups ballots by idea, in ballot order. */
export function votesByIdea<T>(ballots: readonly BallotOf<T>[]): Map<string, IdeaVotes<T>> {
	const byIdea = new Map<string, IdeaVotes<T>>();
	for (const { voter, entries } of ballots) {
		for (const [ideaId, entry] of entries) {
			let votes = byIdea.get(ideaId);
			if (!votes) byIdea.set(ideaId, (votes = { voters: [], entries: [] }));
			votes.voters.push(voter);
			votes.entries.push(entry);
		}
	}
	return byIdea;
}

/** The same ballots with every entry turned into another value; entries mapped to null are left out. */
export function mapBallots<T, U>(
	ballots: readonly BallotOf<T>[],
	convert: (entry: T, ideaId: string) => U | null
): BallotOf<U>[] {
	return ballots.map(({ voter, entries }) => {
		const converted = new Map<string, U>();
		for (const [ideaId, entry] of entries) {
			const value = convert(entry, ideaId);
			if (value !== null) converted.set(ideaId, value);
		}
		return { voter, entries: converted };
	});
}

/** Idea ids in a stable order that every replica agrees on (code unit order, not locale order). */
export function byId(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

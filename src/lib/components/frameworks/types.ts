import type { Idea } from '$lib/model/board.ts';
import type { FrameworkId, Settings } from '$lib/model/control.ts';

/**
 * What every framework view receives: plain, reactive data and callbacks. Views know nothing of
 * Yjs or sockets; the room wires them to the workshop's documents (board, control, own ballot,
 * tally). A view keeps them as one object (`let view: FrameworkViewProps = $props()`), so adding
 * a prop does not mean editing a list of names in every view.
 */
export interface FrameworkViewProps<Entry = unknown> {
	framework: FrameworkId;
	ideas: Idea[];
	/** The current user's own entries in this framework, by idea id (from their ballot). */
	mine: ReadonlyMap<string, Entry>;
	/** Why the server left one of the user's entries out, by idea id (from their ballot). */
	rejected: ReadonlyMap<string, string>;
	/** Group results by idea id (tally `aggregates`), empty while blind and not revealed. */
	aggregates: ReadonlyMap<string, Record<string, unknown>>;
	/** Framework-wide results (tally `summary`), null while blind and not revealed. */
	summary: Record<string, unknown> | null;
	/** How many people voted on each idea (tally `votes`); always available, also while blind. */
	votes: ReadonlyMap<string, number>;
	/** Everyone's entries by idea, then user (tally `individual`), when visible and not anonymous. */
	individual: ReadonlyMap<
		string,
		{ userId: string; name: string; function: string; entry: unknown; proxy?: boolean }[]
	>;
	/** How many members may vote. */
	voters: number;
	settings: Settings;
	/** Results are hidden: blind voting and not revealed yet. */
	blind: boolean;
	/** The user may change their entries now (a voter, voting open, not locked). */
	canVote: boolean;
	/** The user may change the framework's setup (criteria, objectives, final buckets, prices). */
	isFacilitator: boolean;
	setEntry(ideaId: string, entry: Entry): void;
	clearEntry(ideaId: string): void;
	/** Changes the control document (facilitators only), in one transaction. */
	updateControl(change: (control: import('yjs').Doc) => void): void;
}

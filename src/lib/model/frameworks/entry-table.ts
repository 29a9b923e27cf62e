import type { BallotOf, IdeaVotes, Voter } from './ballot.ts';
import type { EntryCheck } from './check.ts';
import type { FrameworkId } from './index.ts';
import type { NumericFramework } from './numeric.ts';
import type { WorkshopRejection } from './aggregates.ts';

/**
 * One framework's valid entries as a table, idea × voter (voter v's entry for idea i at
 * `i * voters + v`), with what changed since the table was last summarized.
 */
export class EntryTable {
	readonly cells: unknown[];
	/** Per voter: the raw entries last read, to skip a ballot passed again unchanged. */
	readonly raw: (ReadonlyMap<string, unknown> | undefined)[];
	/** Per voter: entries left out, with why. */
	readonly rejected: WorkshopRejection[][];
	/** Ideas whose entries changed since the framework was last summarized. */
	readonly dirty: number[] = [];
	readonly #isDirty: Uint8Array;
	/**
	 * Cells that changed in the current update, once `tracking`: a fresh table's first read
	 * changes every cell it fills, which `filled` lists, only when asked.
	 */
	readonly changed: number[] = [];
	tracking = false;
	readonly #seen: Uint8Array;

	/**
	 * A numeric framework's numbers per cell, `stride` apiece (see NumericFramework.read), written
	 * when the entry is checked; null for the other frameworks.
	 */
	readonly numbers: Float64Array | null;
	readonly stride: number;

	constructor(
		readonly framework: FrameworkId,
		readonly ideas: number,
		readonly voters: number,
		/**
		 * The per-entry check of a framework that is not numeric; null for numeric ones, checked by
		 * their `read`, and for dots and budget, checked a ballot at a time.
		 */
		readonly check: EntryCheck<unknown> | null,
		readonly numeric: NumericFramework<never, unknown> | null = null
	) {
		this.cells = new Array(ideas * voters);
		this.stride = numeric ? numeric.fields + 1 : 0;
		this.numbers = numeric && new Float64Array(ideas * voters * this.stride);
		this.raw = new Array(voters);
		this.rejected = Array.from({ length: voters }, () => []);
		this.#isDirty = new Uint8Array(ideas);
		this.#seen = new Uint8Array(ideas);
	}

	/** Whether entries are checked one at a time (checkEntry), not a ballot at a time. */
	get byEntry(): boolean {
		return this.check !== null || this.numeric !== null;
	}

	/**
	 * Checks voter `v`'s raw entry for idea `i`; a numeric framework's check writes the entry's
	 * numbers into the cell on the way.
	 */
	checkEntry(raw: unknown, i: number, v: number): unknown {
		return this.numeric
			? this.numeric.read(raw, this.numbers!, (i * this.voters + v) * this.stride)
			: this.check!(raw);
	}

	/**
	 * Replacing voter `v`'s entries: `begin`, then `put` each valid one, then `end`, which removes
	 * the entries not put again. Ideas whose entry is not the same value as before are marked.
	 * Entries are compared by identity: a ballot's unchanged entries are the same objects from one
	 * read to the next (Yjs hands out the stored value).
	 */
	begin() {
		this.#seen.fill(0);
	}

	put(i: number, v: number, entry: unknown) {
		this.#seen[i] = 1;
		this.#set(i, v, entry);
	}

	end(v: number, rejected: WorkshopRejection[]) {
		for (let i = 0; i < this.ideas; i++) {
			if (!this.#seen[i] && this.cells[i * this.voters + v] !== undefined)
				this.#set(i, v, undefined);
		}
		this.rejected[v] = rejected;
	}

	#set(i: number, v: number, entry: unknown) {
		const cell = i * this.voters + v;
		if (this.cells[cell] === entry) return;
		this.cells[cell] = entry;
		if (this.tracking) this.changed.push(cell);
		if (!this.#isDirty[i]) {
			this.#isDirty[i] = 1;
			this.dirty.push(i);
		}
	}

	/** Every cell holding an entry. */
	filled(): number[] {
		const cells: number[] = [];
		for (let cell = 0; cell < this.cells.length; cell++) {
			if (this.cells[cell] !== undefined) cells.push(cell);
		}
		return cells;
	}

	/** Forgets the dirty ideas once the framework has been summarized. */
	clean() {
		for (const i of this.dirty) this.#isDirty[i] = 0;
		this.dirty.length = 0;
	}

	/** The valid dots or pledges of every voter who has that part of a ballot at all. */
	allowances(ideaIds: readonly string[], voters: readonly Voter[]): BallotOf<number>[] {
		const ballots: BallotOf<number>[] = [];
		voters.forEach((voter, v) => {
			if (this.raw[v] === undefined) return;
			const entries = new Map<string, number>();
			for (let i = 0; i < ideaIds.length; i++) {
				const amount = this.cells[i * voters.length + v];
				if (amount !== undefined) entries.set(ideaIds[i], amount as number);
			}
			ballots.push({ voter, entries });
		});
		return ballots;
	}

	/** Idea `i`'s entries and who gave them, in ballot order. */
	group<T>(i: number, voters: readonly Voter[]): IdeaVotes<T> {
		const group: IdeaVotes<T> = { voters: [], entries: [] };
		const from = i * this.voters;
		for (let v = 0; v < this.voters; v++) {
			const entry = this.cells[from + v];
			if (entry === undefined) continue;
			group.voters.push(voters[v]);
			group.entries.push(entry as T);
		}
		return group;
	}
}

import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import type { FrameworkId } from '$lib/model/control.ts';
import { completeAggregates } from '$lib/model/tally.ts';
import { SyncedDocument } from './document.svelte.ts';
import { follow, groupByFirstSegment, GroupedIndex, MapIndex } from './map-index.ts';

/** One person's entry as the tally shows it once a framework is visible and not anonymous. */
export interface IndividualEntry {
	userId: string;
	name: string;
	function: string;
	entry: unknown;
	/** A facilitator entered it for someone in the room without a device. */
	proxy: boolean;
}

type Row = Record<string, unknown>;

const count = (raw: unknown) =>
	typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : null;
const record = (raw: unknown) =>
	typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Row) : null;

function readIndividual(raw: unknown): Omit<IndividualEntry, 'userId'> | null {
	const row = record(raw);
	if (!row || typeof row.name !== 'string') return null;
	return {
		name: row.name,
		function: typeof row.function === 'string' ? row.function : 'Other',
		entry: row.entry,
		proxy: row.proxy === true
	};
}

/**
 * The workshop's `tally` document: results the server derives from everyone's ballots, read-only
 * for every client (see docs/documents.md). Getters are per framework and return the same map
 * until something of that framework changes, so a vote in RICE re-renders nothing of the matrix.
 *
 * Values are read defensively as numbers and plain objects; the shape of a framework's aggregate
 * rows is checked by the view that draws them.
 */
export class TallySync extends SyncedDocument {
	readonly #votes: GroupedIndex<number>;
	readonly #voted: GroupedIndex<number>;
	readonly #aggregates: GroupedIndex<Row>;
	/** Per framework's rows as the document holds them: the same rows with ranks and ranking. */
	readonly #complete = new WeakMap<ReadonlyMap<string, Row>, ReadonlyMap<string, Row>>();
	readonly #summary: MapIndex<Row>;
	readonly #individual: GroupedIndex<Omit<IndividualEntry, 'userId'>>;
	readonly #byIdea = new WeakMap<
		ReadonlyMap<string, Omit<IndividualEntry, 'userId'>>,
		ReadonlyMap<string, IndividualEntry[]>
	>();

	#subscribe: Record<
		'status' | 'votes' | 'voted' | 'aggregates' | 'summary' | 'individual',
		() => void
	>;

	constructor(workshopId: string) {
		super({ path: `${workshopId}/tally` });
		const map = (name: string) => this.doc.getMap<unknown>(name);
		const indexed = <T extends { apply(keys: Iterable<string>): void }>(name: string, index: T) => {
			follow(map(name), index);
			return index;
		};
		this.#votes = indexed('votes', new GroupedIndex(map('votes'), count));
		this.#voted = indexed('voted', new GroupedIndex(map('voted'), count));
		this.#aggregates = indexed('aggregates', new GroupedIndex(map('aggregates'), record));
		this.#summary = indexed('summary', new MapIndex(map('summary'), record));
		this.#individual = indexed('individual', new GroupedIndex(map('individual'), readIndividual));
		const subscriber = (name: string) =>
			createSubscriber((update) => {
				const observed: Y.Map<unknown> = map(name);
				observed.observe(update);
				return () => observed.unobserve(update);
			});
		this.#subscribe = {
			status: subscriber('status'),
			votes: subscriber('votes'),
			voted: subscriber('voted'),
			aggregates: subscriber('aggregates'),
			summary: subscriber('summary'),
			individual: subscriber('individual')
		};
	}

	/** How many members may vote (facilitators and participants). */
	get voters(): number {
		this.#subscribe.status();
		return count(this.doc.getMap('status').get('voters')) ?? 0;
	}

	/** How many people have a valid entry for each idea; shown also while blind. */
	votes(framework: FrameworkId): ReadonlyMap<string, number> {
		this.#subscribe.votes();
		return this.#votes.group(framework);
	}

	/** How many people have a valid entry for at least one idea ("12 of 15 have voted"). */
	votedPeople(framework: FrameworkId): number {
		this.#subscribe.voted();
		return this.#voted.group(framework).size;
	}

	/** Who has a valid entry for at least one idea (user ids): for "not voted yet". */
	votedBy(framework: FrameworkId): Set<string> {
		this.#subscribe.voted();
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh snapshot nobody mutates; the subscription above makes it reactive
		return new Set(this.#voted.group(framework).keys());
	}

	/**
	 * Each idea's group result, by idea id, with its rank and ranking row, which the client derives
	 * (completeAggregates); empty while blind and not revealed.
	 */
	aggregates(framework: FrameworkId): ReadonlyMap<string, Row> {
		this.#subscribe.aggregates();
		const rows = this.#aggregates.group(framework);
		let complete = this.#complete.get(rows);
		if (!complete) this.#complete.set(rows, (complete = completeAggregates(framework, rows)));
		return complete;
	}

	/** Framework-wide results; null while blind and not revealed. */
	summary(framework: FrameworkId): Row | null {
		this.#subscribe.summary();
		return this.#summary.entries.get(framework) ?? null;
	}

	/** Everyone's entries by idea, when the framework is visible and the workshop not anonymous. */
	individual(framework: FrameworkId): ReadonlyMap<string, IndividualEntry[]> {
		this.#subscribe.individual();
		const entries = this.#individual.group(framework);
		let byIdea = this.#byIdea.get(entries);
		if (!byIdea) {
			const grouped = groupByFirstSegment(entries, (userId, value) => ({ userId, ...value }));
			for (const list of grouped.values()) list.sort((a, b) => a.name.localeCompare(b.name));
			this.#byIdea.set(entries, (byIdea = grouped));
		}
		return byIdea;
	}
}

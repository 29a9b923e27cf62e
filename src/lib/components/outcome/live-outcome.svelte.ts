import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { readStanding, type StandingDecision } from '$lib/model/decision.ts';
import { readOutcome, type Outcome } from '$lib/model/outcome.ts';
import { readRoadmapSettings, type RoadmapSettings } from '$lib/model/roadmap.ts';

/**
 * The room's live outcome: the roadmap and ranking read from the board, control and tally
 * documents (the same reader as the executive page), re-read after any change to them. A reading
 * is kept until the next change, so every getter call in a render costs one read.
 */
export class LiveOutcome {
	readonly #docs: { board: Y.Doc; control: Y.Doc; tally: Y.Doc };
	#version = 0;
	#outcome: { version: number; value: Outcome } | null = null;
	#settings: { version: number; value: RoadmapSettings } | null = null;

	#subscribe = createSubscriber((update) => {
		const docs = Object.values(this.#docs);
		for (const doc of docs) doc.on('update', update);
		return () => docs.forEach((doc) => doc.off('update', update));
	});

	constructor(docs: { board: Y.Doc; control: Y.Doc; tally: Y.Doc }) {
		this.#docs = docs;
		for (const doc of Object.values(docs)) doc.on('update', () => this.#version++);
	}

	get outcome(): Outcome {
		this.#subscribe();
		if (this.#outcome?.version !== this.#version) {
			const { board, control, tally } = this.#docs;
			this.#outcome = { version: this.#version, value: readOutcome(board, control, tally) };
		}
		return this.#outcome.value;
	}

	get settings(): RoadmapSettings {
		this.#subscribe();
		if (this.#settings?.version !== this.#version) {
			this.#settings = { version: this.#version, value: readRoadmapSettings(this.#docs.control) };
		}
		return this.#settings.value;
	}

	/** The standing decision's pointer, or null while the workshop is not decided. */
	get standing(): StandingDecision | null {
		this.#subscribe();
		return readStanding(this.#docs.control);
	}
}

import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import {
	FRAMEWORK_IDS,
	readSettings,
	readSpotlight,
	revealedIdeaKey,
	writeSpotlight,
	type FrameworkId,
	type Settings
} from '$lib/model/control.ts';
import {
	readElectorate,
	readGate,
	readTimer,
	type Gate,
	type Phase,
	type Timer
} from '$lib/model/session.ts';
import { readLatestVersion } from '$lib/model/versions.ts';
import { SyncedDocument } from './document.svelte.ts';

/** Thrown when someone other than a facilitator tries to change the control document. */
export class ControlError extends Error {
	name = 'ControlError';
}

/**
 * The workshop's `control` document: settings, reveal, phase, lock and timer (see
 * docs/documents.md). Every member reads it; only facilitators write it (the server drops anyone
 * else's updates).
 *
 * The document is small and changes rarely, so a change re-reads it whole; each reading is kept
 * until the next change, so getters called many times per render cost one read.
 */
export class ControlSync extends SyncedDocument {
	readonly canWrite: boolean;
	#version = 0;
	#cache: Partial<
		Record<
			'settings' | 'gate' | 'timer' | 'spotlight' | 'latestVersion' | 'electorate',
			{ version: number; value: unknown }
		>
	> = {};

	#subscribe = createSubscriber((update) => {
		this.doc.on('update', update);
		return () => this.doc.off('update', update);
	});

	constructor(workshopId: string, options: { canWrite: boolean }) {
		super({ path: `${workshopId}/control` });
		this.canWrite = options.canWrite;
		this.doc.on('update', () => this.#version++);
	}

	#read<T>(
		key: 'settings' | 'gate' | 'timer' | 'spotlight' | 'latestVersion' | 'electorate',
		read: (doc: Y.Doc) => T
	): T {
		this.#subscribe();
		const cached = this.#cache[key];
		if (cached && cached.version === this.#version) return cached.value as T;
		const value = read(this.doc);
		this.#cache[key] = { version: this.#version, value };
		return value;
	}

	get settings(): Settings {
		return this.#read('settings', readSettings);
	}

	get gate(): Gate {
		return this.#read('gate', readGate);
	}

	get timer(): Timer {
		return this.#read('timer', readTimer);
	}

	/** How many could vote when voting last closed; null while it is open (see readElectorate). */
	get electorate(): number | null {
		return this.#read('electorate', readElectorate);
	}

	/** Records (a number) or forgets (null) how many could vote when voting closed. */
	setElectorate(count: number | null): void {
		this.update((doc) => {
			if (count === null) doc.getMap('settings').delete('electorate');
			else doc.getMap('settings').set('electorate', count);
		});
	}

	/** The idea in the spotlight (it may have been deleted since), or null. */
	get spotlight(): string | null {
		return this.#read('spotlight', readSpotlight);
	}

	/** The version saved last (server-written), so history lists can reload; null before any. */
	get latestVersion(): string | null {
		return this.#read('latestVersion', readLatestVersion);
	}

	/** Puts an idea in the spotlight for everyone, or clears it with null (facilitators only). */
	setSpotlight(ideaId: string | null): void {
		this.update((doc) => writeSpotlight(doc, ideaId));
	}

	/** Puts an idea in the spotlight, or clears the spotlight if it is already there. */
	toggleSpotlight(ideaId: string): void {
		this.setSpotlight(this.spotlight === ideaId ? null : ideaId);
	}

	/** Changes the document in one transaction (facilitators only). */
	update(change: (doc: Y.Doc) => void): void {
		if (!this.canWrite) throw new ControlError('Only facilitators change the workshop setup');
		this.doc.transact(() => change(this.doc));
	}

	/**
	 * Turns a framework on or off. Scoring frameworks are blind by default: the first time one is
	 * turned on in a workshop whose facilitator never chose, blind voting turns on with it, so the
	 * first scores nobody has revealed are not shown live (and anchor the rest).
	 */
	setFramework(framework: FrameworkId, enabled: boolean): void {
		this.update((doc) => {
			const settings = doc.getMap('settings');
			const current = readSettings(doc).frameworks;
			// Kept in the order the UI lists them, whatever order they were turned on in.
			const next = FRAMEWORK_IDS.filter((id) =>
				id === framework ? enabled : current.includes(id)
			);
			settings.set('frameworks', next);
			if (enabled && framework !== 'matrix' && !settings.has('blind')) settings.set('blind', true);
		});
	}

	setSetting(
		key: 'blind' | 'anonymous' | 'hideFunctions' | 'locked' | 'ideasWhileScoring' | 'earlyScoring',
		on: boolean
	): void;
	setSetting(key: 'dotsPerPerson' | 'budgetPerPerson', value: number): void;
	setSetting(key: 'phase', value: Phase): void;
	setSetting(key: string, value: unknown): void {
		this.update((doc) => doc.getMap('settings').set(key, value));
	}

	/** Shows (or hides again) a framework's results while voting is blind. */
	reveal(framework: FrameworkId, revealed = true): void {
		this.update((doc) => {
			if (revealed) doc.getMap('revealed').set(framework, true);
			else doc.getMap('revealed').delete(framework);
		});
	}

	/** Shows (or hides again) one idea's results in a framework that stays blind. */
	revealIdea(framework: FrameworkId, ideaId: string, revealed = true): void {
		this.update((doc) => {
			const key = revealedIdeaKey(framework, ideaId);
			if (revealed) doc.getMap('revealedIdeas').set(key, true);
			else doc.getMap('revealedIdeas').delete(key);
		});
	}
}

import * as Y from 'yjs';
import { frameworkInfo, type FrameworkId } from './frameworks/index.ts';
import { isFrameworkId, readSettings } from './control.ts';

/**
 * The Now / Next / Later roadmap: the chosen framework's ranking poured into horizons of limited
 * capacity (in effort units), with the facilitator's pins taking precedence. Every card carries the
 * sentence that explains its place, so the roadmap can be read, and argued with, without the tool.
 */

export const HORIZONS = ['now', 'next', 'later'] as const;

export type Horizon = (typeof HORIZONS)[number];

/** Where the facilitator fixed an idea: a horizon, or out of the roadmap altogether. */
export type Pin = Horizon | 'out';

const PINS: readonly Pin[] = [...HORIZONS, 'out'];

const LABELS: Record<Pin, string> = { now: 'Now', next: 'Next', later: 'Later', out: 'Out' };

/** One idea of the chosen framework's ranking. */
export interface RankedIdea {
	ideaId: string;
	title: string;
	rank: number;
	score: number;
	/** In the capacity's units; null when nobody estimated it. */
	effort: number | null;
}

/** Effort units each horizon can take; null (or Infinity) is no limit. */
export interface Capacity {
	now: number | null;
	next: number | null;
	later: number | null;
}

export interface RoadmapCard extends RankedIdea {
	pinned: boolean;
	/** Why the card is where it is, as a sentence for the card. */
	reason: string;
}

export interface RoadmapColumn {
	horizon: Horizon;
	/** Null: no limit. */
	capacity: number | null;
	/** Effort of the cards in the column. */
	used: number;
	/** Pins can take a column past its capacity; the ranking never does. */
	over: boolean;
	/** Pinned cards first, then by rank. */
	cards: RoadmapCard[];
}

export interface Roadmap {
	/** Now, Next and Later, in that order. */
	columns: RoadmapColumn[];
	/**
	 * Unpinned ideas without an effort estimate. They are held back rather than placed for free: an
	 * unestimated idea in Now would make its capacity look honoured when nobody knows whether it is.
	 */
	needsEstimate: RoadmapCard[];
	/** Estimated, unpinned ideas too big for the room left in every horizon. */
	unplaced: RoadmapCard[];
	/** Ideas the facilitator pinned out of the roadmap. */
	out: RoadmapCard[];
}

function limit(capacity: number | null): number {
	if (capacity === null || capacity === Infinity) return Infinity;
	return Number.isFinite(capacity) && capacity > 0 ? capacity : 0;
}

function estimated(effort: number | null): effort is number {
	return effort !== null && Number.isFinite(effort) && effort >= 0;
}

/** Numbers for a sentence: what a card can show, not what the ranking computed. */
export function formatAmount(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	return String(Number(n.toFixed(Math.abs(n) >= 10 ? 1 : 2)));
}

function usage(column: RoadmapColumn): string {
	return column.capacity === null
		? `${formatAmount(column.used)} used, no limit`
		: `${formatAmount(column.used)} of ${formatAmount(column.capacity)} used`;
}

function rankText(idea: RankedIdea): string {
	return `Rank ${idea.rank} (score ${formatAmount(idea.score)})`;
}

/**
 * Fills the roadmap. Pinned ideas go first, in rank order, into the horizon they are pinned to,
 * whatever its room: their effort counts, and a column they overfill is flagged `over`. The other
 * estimated ideas then go by rank, each into the earliest horizon with room for it (first fit).
 * So a small idea may take room in Now that a bigger, higher-ranked one could not use: the ranking
 * says what matters most, capacity says what can be done, and the card's reason says it jumped.
 * Ties in rank keep the order given. Pins for ideas not in `ideas` are ignored.
 */
export function fillRoadmap(
	ideas: readonly RankedIdea[],
	capacity: Capacity,
	pins: ReadonlyMap<string, Pin> = new Map()
): Roadmap {
	const columns: RoadmapColumn[] = HORIZONS.map((horizon) => {
		const room = limit(capacity[horizon]);
		return {
			horizon,
			capacity: room === Infinity ? null : room,
			used: 0,
			over: false,
			cards: []
		};
	});
	const byHorizon = new Map(columns.map((column) => [column.horizon, column]));
	const roadmap: Roadmap = { columns, needsEstimate: [], unplaced: [], out: [] };
	const ranked = [...ideas].sort((a, b) => a.rank - b.rank);

	for (const idea of ranked) {
		const pin = pins.get(idea.ideaId);
		if (pin === undefined) continue;
		if (pin === 'out') {
			roadmap.out.push({ ...idea, pinned: true, reason: 'Left out by the facilitator' });
			continue;
		}
		const column = byHorizon.get(pin)!;
		if (estimated(idea.effort)) column.used += idea.effort;
		column.over = column.used > limit(column.capacity);
		column.cards.push({ ...idea, pinned: true, reason: '' });
	}
	// Pinned reasons are written once every pin is in, so "12 of 10 used" is the column's total.
	for (const column of columns) {
		for (const card of column.cards) {
			const over = column.over ? ', over capacity' : '';
			const effort = estimated(card.effort)
				? `effort ${formatAmount(card.effort)}, ${usage(column)}${over}`
				: 'no effort estimate yet, so it uses no capacity';
			card.reason = `Pinned to ${LABELS[column.horizon]} by the facilitator (${effort})`;
		}
	}

	// Per horizon, the best-ranked idea that did not fit, so a card placed after it says it jumped.
	const passedOver = new Map<Horizon, RankedIdea>();
	for (const idea of ranked) {
		if (pins.has(idea.ideaId)) continue;
		if (!estimated(idea.effort)) {
			roadmap.needsEstimate.push({
				...idea,
				effort: null,
				pinned: false,
				reason: `${rankText(idea)}: needs an effort estimate before it can be placed`
			});
			continue;
		}
		const effort = idea.effort;
		const column = columns.find((c) => c.used + effort <= limit(c.capacity));
		if (!column) {
			const room = columns.map((c) => `${LABELS[c.horizon]} ${usage(c)}`).join('; ');
			roadmap.unplaced.push({
				...idea,
				pinned: false,
				reason: `${rankText(idea)}, effort ${formatAmount(effort)}: no horizon has room (${room})`
			});
			for (const c of columns) if (!passedOver.has(c.horizon)) passedOver.set(c.horizon, idea);
			continue;
		}
		column.used += effort;
		const jumped = passedOver.get(column.horizon);
		const reason =
			`${rankText(idea)}, effort ${formatAmount(effort)}: fits ${LABELS[column.horizon]} ` +
			`(${usage(column)})` +
			(jumped ? `, ahead of rank ${jumped.rank}, which did not fit there` : '');
		column.cards.push({ ...idea, pinned: false, reason });
		for (const c of columns) {
			if (c === column) break;
			if (!passedOver.has(c.horizon)) passedOver.set(c.horizon, idea);
		}
	}
	return roadmap;
}

/** The facilitator's roadmap settings, from the control document's `roadmap` map. */
export interface RoadmapSettings {
	/** The framework whose ranking fills the roadmap: one that ranks ideas by a number. */
	framework: FrameworkId;
	/** Whether the facilitator chose `framework`; otherwise it is the default (readOutcome). */
	chosen: boolean;
	capacity: Capacity;
	pins: Map<string, Pin>;
}

const DEFAULT_ROADMAP_FRAMEWORK: FrameworkId = 'rice';

/** Whether a framework ranks ideas by a number, so it can fill the roadmap. */
export function ranks(framework: unknown): framework is FrameworkId {
	return isFrameworkId(framework) && frameworkInfo(framework).numeric !== null;
}

function isPin(value: unknown): value is Pin {
	return typeof value === 'string' && (PINS as readonly string[]).includes(value);
}

function readCapacity(raw: unknown): Capacity {
	const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
	const amount = (value: unknown) =>
		typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
	return { now: amount(fields.now), next: amount(fields.next), later: amount(fields.later) };
}

/**
 * Reads the `roadmap` Y.Map of the control document:
 * - `framework`: a framework id whose ranking fills the roadmap. Unset (or one that gives no
 *   number per idea, such as MoSCoW): the first enabled framework that ranks, so a workshop that
 *   only uses the matrix gets a roadmap without a choice being made; else 'rice';
 * - `capacity`: a plain object `{ now, next, later }`, each a number ≥ 0 or null for no limit;
 *   anything else is no limit;
 * and the top-level `roadmapPins` Y.Map, idea id → 'now' | 'next' | 'later' | 'out' (other values
 * are skipped). Pins are top level rather than nested under `roadmap`: two facilitators creating a
 * nested map at once would lose one map and its pins.
 */
export function readRoadmapSettings(controlDoc: Y.Doc): RoadmapSettings {
	const roadmap = controlDoc.getMap('roadmap');
	const framework = roadmap.get('framework');
	const pins = new Map<string, Pin>();
	controlDoc.getMap('roadmapPins').forEach((pin, ideaId) => {
		if (isPin(pin)) pins.set(ideaId, pin);
	});
	return {
		framework: ranks(framework)
			? framework
			: (readSettings(controlDoc).frameworks.find(ranks) ?? DEFAULT_ROADMAP_FRAMEWORK),
		chosen: ranks(framework),
		capacity: readCapacity(roadmap.get('capacity')),
		pins
	};
}

/** Fills the roadmap from a framework's ranking. */
export function writeRoadmapFramework(controlDoc: Y.Doc, framework: FrameworkId): void {
	controlDoc.getMap('roadmap').set('framework', framework);
}

/** One horizon's capacity, null for no limit; `capacity` is the one read, the others kept. */
export function writeCapacity(
	controlDoc: Y.Doc,
	capacity: Capacity,
	horizon: Horizon,
	value: number | null
): void {
	controlDoc.getMap('roadmap').set('capacity', { ...capacity, [horizon]: value });
}

/** Pins an idea to a column, or unpins it (null) so its rank places it again. */
export function writePin(controlDoc: Y.Doc, ideaId: string, pin: Pin | null): void {
	const pins = controlDoc.getMap('roadmapPins');
	if (pin === null) pins.delete(ideaId);
	else pins.set(ideaId, pin);
}

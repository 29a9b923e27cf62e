import type * as Y from 'yjs';
import type { Criterion } from './frameworks/scorecard/scorecard.ts';
import type { FrameworkId } from './frameworks/index.ts';
import type { Outcome } from './outcome.ts';
import type { Roadmap } from './roadmap.ts';

/**
 * What a decision record keeps besides the facilitator's rationale: the framework and weights the
 * ranking used, who took part, and the roadmap as it stood, frozen so that the record reads the
 * same however the workshop changes afterwards.
 */

export interface Attendee {
	userId: string;
	name: string;
	function: string;
	role: string;
	/** Connected to the room when the decision was taken. */
	present: boolean;
}

export interface DecisionContents {
	framework: FrameworkId;
	/** The scorecard's criteria when the scorecard ranked the roadmap; empty otherwise. */
	weights: Omit<Criterion, 'id'>[];
	attendance: Attendee[];
	roadmap: Roadmap;
}

export interface Member {
	userId: string;
	name: string;
	function: string;
	role: string;
}

/** The contents of a decision taken now; viewers are not attendees (they only read). */
export function decisionContents(
	outcome: Outcome,
	criteria: readonly Criterion[],
	members: readonly Member[],
	connected: ReadonlySet<string>
): DecisionContents {
	return {
		framework: outcome.framework,
		weights:
			outcome.framework === 'scorecard'
				? criteria.map(({ name, weight, direction }) => ({ name, weight, direction }))
				: [],
		attendance: members
			.filter((m) => m.role !== 'viewer')
			.map((m) => ({
				userId: m.userId,
				name: m.name,
				function: m.function,
				role: m.role,
				present: connected.has(m.userId)
			})),
		roadmap: outcome.roadmap
	};
}

export interface FunctionAttendance {
	function: string;
	present: string[];
	absent: string[];
}

/**
 * Attendees grouped by function, the functions with most people present first (ties by name), so
 * a reader sees at a glance which functions were in the room and which were missing.
 */
export function attendanceByFunction(attendance: readonly Attendee[]): FunctionAttendance[] {
	const groups = new Map<string, FunctionAttendance>();
	for (const person of attendance) {
		let group = groups.get(person.function);
		if (!group)
			groups.set(person.function, (group = { function: person.function, present: [], absent: [] }));
		(person.present ? group.present : group.absent).push(person.name);
	}
	const byName = (a: string, b: string) => a.localeCompare(b);
	return [...groups.values()]
		.map((g) => ({ ...g, present: g.present.sort(byName), absent: g.absent.sort(byName) }))
		.sort(
			(a, b) =>
				b.present.length - a.present.length ||
				b.absent.length - a.absent.length ||
				a.function.localeCompare(b.function)
		);
}

/** Weights as percentages of their total, for reading ("Market demand 15 %"). */
export function weightShares(
	weights: DecisionContents['weights']
): { name: string; share: number; direction: string }[] {
	const total = weights.reduce((sum, w) => sum + w.weight, 0);
	return weights.map((w) => ({
		name: w.name,
		direction: w.direction,
		share: total > 0 ? (100 * w.weight) / total : 0
	}));
}

/** The pointer the server writes into the control document while the workshop is decided. */
export interface StandingDecision {
	id: string;
	decidedAt: number;
}

/** The standing decision's pointer (the control document's `decision` map), or null. */
export function readStanding(control: Y.Doc): StandingDecision | null {
	const raw = control.getMap('decision').get('standing') as Record<string, unknown> | undefined;
	return raw && typeof raw.id === 'string' && typeof raw.decidedAt === 'number'
		? { id: raw.id, decidedAt: raw.decidedAt }
		: null;
}

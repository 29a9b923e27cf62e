import type * as Y from 'yjs';

/**
 * The live session a facilitator steers, kept in the `control` document: the phase, the lock and
 * the countdown. Pure rules here; the server applies them to permissions and the timer.
 */

export const PHASES = ['collect', 'score', 'discuss', 'decide'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
	collect: 'Collect ideas',
	score: 'Score',
	discuss: 'Discuss',
	decide: 'Decide'
};

export interface Gate {
	phase: Phase;
	/** Freezes the board and the ballots for everyone but facilitators. */
	locked: boolean;
	/** Lets participants add and edit ideas while scoring. */
	ideasWhileScoring: boolean;
	/** Opens scoring while ideas are still being collected. */
	earlyScoring: boolean;
}

export function readGate(control: Y.Doc): Gate {
	const settings = control.getMap('settings');
	const phase = settings.get('phase');
	return {
		phase: (PHASES as readonly unknown[]).includes(phase) ? (phase as Phase) : 'collect',
		locked: settings.get('locked') === true,
		ideasWhileScoring: settings.get('ideasWhileScoring') === true,
		earlyScoring: settings.get('earlyScoring') === true
	};
}

/** Whether participants may add, edit and delete ideas now. */
export function ideasOpen(gate: Gate): boolean {
	if (gate.locked) return false;
	return gate.phase === 'collect' || (gate.phase === 'score' && gate.ideasWhileScoring);
}

/**
 * How many people could vote when voting last closed (the control document's `settings.electorate`,
 * written by a facilitator's room at that moment); null while voting is open. Someone who joins
 * after the vote is not counted as "not voted".
 */
export function readElectorate(control: Y.Doc): number | null {
	const value = control.getMap('settings').get('electorate');
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * Whether scoring has opened: from the Score phase on, or while collecting when the facilitator
 * allows early scoring. Before that the tally counts no ballot entry, a facilitator's included.
 */
export function scoringOpened(gate: Gate): boolean {
	return gate.phase !== 'collect' || gate.earlyScoring;
}

/** What a ballot entry written before scoring opened is told (the tally ignores it). */
export const SCORING_NOT_OPEN = 'Scoring opens in the Score phase.';

/** Whether participants may change their votes now. */
export function votingOpen(gate: Gate): boolean {
	return (
		!gate.locked && (gate.phase === 'score' || (gate.phase === 'collect' && gate.earlyScoring))
	);
}

export type TimerStatus = 'idle' | 'running' | 'paused' | 'done';

export interface Timer {
	status: TimerStatus;
	/** Server time (ms since the epoch) at which a running timer reaches zero. */
	endsAt: number | null;
	/** What is left while paused. */
	remainingMs: number;
	durationMs: number;
	/** Lock the session when the timer reaches zero. */
	autoLock: boolean;
}

export const IDLE_TIMER: Timer = {
	status: 'idle',
	endsAt: null,
	remainingMs: 0,
	durationMs: 0,
	autoLock: false
};

export function readTimer(control: Y.Doc): Timer {
	const raw = control.getMap('timer').get('state');
	if (typeof raw !== 'object' || raw === null) return IDLE_TIMER;
	const t = raw as Partial<Timer>;
	const statuses: TimerStatus[] = ['idle', 'running', 'paused', 'done'];
	if (!statuses.includes(t.status as TimerStatus)) return IDLE_TIMER;
	return {
		status: t.status as TimerStatus,
		endsAt: typeof t.endsAt === 'number' ? t.endsAt : null,
		remainingMs: typeof t.remainingMs === 'number' ? t.remainingMs : 0,
		durationMs: typeof t.durationMs === 'number' ? t.durationMs : 0,
		autoLock: t.autoLock === true
	};
}

/** Milliseconds left at server time `now`. */
export function remainingMs(timer: Timer, now: number): number {
	if (timer.status === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now);
	return timer.status === 'paused' ? timer.remainingMs : 0;
}

export type TimerAction =
	| { action: 'start'; seconds: number; autoLock?: boolean }
	| { action: 'pause' }
	| { action: 'resume' }
	| { action: 'extend'; seconds: number }
	| { action: 'stop' };

/** The timer after a facilitator's action at server time `now`; actions that do not apply change nothing. */
export function applyTimerAction(timer: Timer, command: TimerAction, now: number): Timer {
	const left = remainingMs(timer, now);
	switch (command.action) {
		case 'start':
			return {
				status: 'running',
				endsAt: now + command.seconds * 1000,
				remainingMs: 0,
				durationMs: command.seconds * 1000,
				autoLock: command.autoLock ?? timer.autoLock
			};
		case 'pause':
			if (timer.status !== 'running') return timer;
			return { ...timer, status: 'paused', endsAt: null, remainingMs: left };
		case 'resume':
			if (timer.status !== 'paused') return timer;
			return { ...timer, status: 'running', endsAt: now + timer.remainingMs, remainingMs: 0 };
		case 'extend': {
			const extra = command.seconds * 1000;
			if (timer.status === 'running') {
				return { ...timer, endsAt: now + left + extra, durationMs: timer.durationMs + extra };
			}
			if (timer.status === 'paused') {
				return { ...timer, remainingMs: left + extra, durationMs: timer.durationMs + extra };
			}
			return applyTimerAction(timer, { action: 'start', seconds: command.seconds }, now);
		}
		case 'stop':
			return { ...IDLE_TIMER, autoLock: timer.autoLock };
	}
}

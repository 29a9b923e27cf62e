import type * as Y from 'yjs';
import {
	applyTimerAction,
	readTimer,
	type Timer,
	type TimerAction
} from '../../src/lib/model/session.ts';
import { SERVER } from './tally-writer.ts';

/**
 * A workshop's countdown on the server's clock: applies the facilitator's timer actions to the
 * control document and, when a running countdown ends, marks it done and locks the session if the
 * facilitator asked for it.
 */
export class Countdown {
	readonly #control: Y.Doc;
	#autoLock?: NodeJS.Timeout;

	/** Starts watching the countdown the control document holds (it may be running already). */
	constructor(control: Y.Doc, now = Date.now()) {
		this.#control = control;
		this.#arm(readTimer(control), now);
	}

	/** Applies a timer action and stores the result in the control document. */
	apply(command: TimerAction, now = Date.now()): Timer {
		const next = applyTimer(this.#control, command, now);
		this.#arm(next, now);
		return next;
	}

	/** Stops watching: the workshop's documents are let go. */
	stop(): void {
		clearTimeout(this.#autoLock);
		this.#autoLock = undefined;
	}

	#arm(timer: Timer, now: number) {
		this.stop();
		if (timer.status !== 'running' || timer.endsAt === null) return;
		const endsAt = timer.endsAt;
		const control = this.#control;
		this.#autoLock = setTimeout(() => {
			const current = readTimer(control);
			if (current.status !== 'running' || current.endsAt !== endsAt) return;
			control.transact(() => {
				control.getMap('timer').set('state', { ...current, status: 'done', endsAt: null });
				if (current.autoLock) control.getMap('settings').set('locked', true);
			}, SERVER);
		}, endsAt - now);
		this.#autoLock.unref();
	}
}

/**
 * Applies a timer action to a control document and stores the result there; alone when no one is
 * connected to the workshop, since then no countdown needs to end on time.
 */
export function applyTimer(control: Y.Doc, command: TimerAction, now: number): Timer {
	const next = applyTimerAction(readTimer(control), command, now);
	control.transact(() => control.getMap('timer').set('state', next), SERVER);
	return next;
}

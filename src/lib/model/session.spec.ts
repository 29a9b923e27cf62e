import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	applyTimerAction,
	IDLE_TIMER,
	ideasOpen,
	readGate,
	readTimer,
	remainingMs,
	scoringOpened,
	votingOpen,
	type Gate,
	type Timer
} from './session.ts';

describe('readGate', () => {
	it('defaults to collecting ideas, unlocked', () => {
		expect(readGate(new Y.Doc())).toEqual({
			phase: 'collect',
			locked: false,
			ideasWhileScoring: false,
			earlyScoring: false
		});
	});

	it('ignores an unknown phase', () => {
		const doc = new Y.Doc();
		doc.getMap('settings').set('phase', 'party');
		expect(readGate(doc).phase).toBe('collect');
	});
});

describe('ideasOpen and votingOpen', () => {
	it.each([
		['collect', false, false, true, false],
		['score', false, false, false, true],
		['score', false, true, true, true],
		['discuss', false, false, false, false],
		['decide', false, false, false, false],
		['collect', true, false, false, false],
		['score', true, true, false, false]
	] as const)(
		'[RM8] in %s (locked %s, ideas while scoring %s): ideas %s, voting %s',
		(phase, locked, ideasWhileScoring, ideas, voting) => {
			const gate = { phase, locked, ideasWhileScoring, earlyScoring: false };
			expect(ideasOpen(gate)).toBe(ideas);
			expect(votingOpen(gate)).toBe(voting);
		}
	);

	it('[RM8] opens voting while collecting when the facilitator allows early scoring', () => {
		const early: Gate = {
			phase: 'collect',
			locked: false,
			ideasWhileScoring: false,
			earlyScoring: true
		};
		expect(votingOpen(early)).toBe(true);
		expect(votingOpen({ ...early, locked: true })).toBe(false);
	});
});

describe('scoringOpened', () => {
	it.each([
		['collect', false, false],
		['collect', true, true],
		['score', false, true],
		['discuss', false, true],
		['decide', false, true]
	] as const)('[RM8] in %s (early scoring %s): %s', (phase, earlyScoring, opened) => {
		expect(scoringOpened({ phase, locked: false, ideasWhileScoring: false, earlyScoring })).toBe(
			opened
		);
	});
});

describe('applyTimerAction', () => {
	const started = applyTimerAction(IDLE_TIMER, { action: 'start', seconds: 300 }, 1_000);

	it('starts a countdown ending at server time now + duration', () => {
		expect(started).toMatchObject({ status: 'running', endsAt: 301_000, durationMs: 300_000 });
		expect(remainingMs(started, 61_000)).toBe(240_000);
	});

	it('pauses keeping what is left, and resumes from there', () => {
		const paused = applyTimerAction(started, { action: 'pause' }, 101_000);
		expect(paused).toMatchObject({ status: 'paused', remainingMs: 200_000, endsAt: null });
		expect(remainingMs(paused, 999_999)).toBe(200_000);
		const resumed = applyTimerAction(paused, { action: 'resume' }, 500_000);
		expect(resumed.endsAt).toBe(700_000);
	});

	it('extends a running or paused timer by the given seconds', () => {
		const extended = applyTimerAction(started, { action: 'extend', seconds: 60 }, 101_000);
		// 200 s were left at 101 s; plus 60 s
		expect(remainingMs(extended, 101_000)).toBe(260_000);
		const paused = applyTimerAction(started, { action: 'pause' }, 101_000);
		expect(applyTimerAction(paused, { action: 'extend', seconds: 30 }, 0).remainingMs).toBe(
			230_000
		);
	});

	it('never counts below zero, and stop resets', () => {
		expect(remainingMs(started, 900_000)).toBe(0);
		expect(applyTimerAction(started, { action: 'stop' }, 2_000).status).toBe('idle');
	});

	it('ignores pause when not running and resume when not paused', () => {
		expect(applyTimerAction(IDLE_TIMER, { action: 'pause' }, 0)).toBe(IDLE_TIMER);
		expect(applyTimerAction(started, { action: 'resume' }, 0)).toBe(started);
	});
});

describe('readTimer', () => {
	it('reads back a stored timer and falls back to idle on garbage', () => {
		const doc = new Y.Doc();
		const timer: Timer = { ...IDLE_TIMER, status: 'running', endsAt: 5, durationMs: 5 };
		doc.getMap('timer').set('state', timer);
		expect(readTimer(doc)).toEqual(timer);
		doc.getMap('timer').set('state', { status: 'exploded' });
		expect(readTimer(doc)).toEqual(IDLE_TIMER);
	});
});

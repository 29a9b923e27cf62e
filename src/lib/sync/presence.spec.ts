import { describe, expect, it } from 'vitest';
import {
	CURSOR_OVERHANG,
	HIDDEN_FUNCTION_COLOUR,
	readCursor,
	readPeers,
	readPresenceUser,
	readView
} from './presence.ts';

const ana = { id: 'u1', name: 'Ana', function: 'Sales', colour: '#D55E00' };

describe('readPresenceUser', () => {
	it('reads a well-formed state and derives the colour from the function', () => {
		expect(
			readPresenceUser({ user: { id: 'u2', name: ' Bo ', function: 'Design', colour: 'red' } })
		).toEqual({ id: 'u2', name: 'Bo', function: 'Design', colour: '#CC79A7' });
	});

	it('treats an unknown function as Other', () => {
		expect(
			readPresenceUser({ user: { id: 'u2', name: 'Bo', function: 'Wizardry' } })?.function
		).toBe('Other');
	});

	it('reads a state without a function as hidden: no function, a neutral colour', () => {
		expect(readPresenceUser({ user: { id: 'u2', name: 'Bo' } })).toEqual({
			id: 'u2',
			name: 'Bo',
			function: '',
			colour: HIDDEN_FUNCTION_COLOUR
		});
	});

	it.each([null, 42, {}, { user: null }, { user: { id: '', name: 'x' } }, { user: { id: 'a' } }])(
		'ignores the malformed state %j',
		(state) => {
			expect(readPresenceUser(state)).toBeNull();
		}
	);
});

describe('readPeers', () => {
	it('lists yourself first, then others by name, each person once', () => {
		const states = new Map<number, unknown>([
			[1, { user: ana }],
			[2, { user: { id: 'u3', name: 'Zoe', function: 'Support' } }],
			[3, { user: { id: 'u2', name: 'Bo', function: 'Design' } }],
			[4, { user: { id: 'u2', name: 'Bo', function: 'Design' } }],
			[5, {}]
		]);
		expect(readPeers(states, ana).map((p) => [p.name, p.self])).toEqual([
			['Ana', true],
			['Bo', false],
			['Zoe', false]
		]);
	});

	it('shows yourself before the connection exists', () => {
		expect(readPeers(undefined, ana)).toEqual([{ ...ana, self: true }]);
	});

	it('leaves out a viewer, who has no presence', () => {
		expect(readPeers(new Map([[1, { user: ana }]]), null)).toEqual([{ ...ana, self: false }]);
	});
});

describe('readCursor', () => {
	it('reads a cursor and keeps it near its anchor', () => {
		expect(readCursor({ cursor: { area: 'matrix', anchor: 'plot', x: 0.2, y: 9 } })).toEqual({
			area: 'matrix',
			anchor: 'plot',
			x: 0.2,
			y: 1 + CURSOR_OVERHANG
		});
	});

	it.each([
		{},
		{ cursor: null },
		{ cursor: { area: 'matrix', anchor: 'plot', x: Number.NaN, y: 0 } },
		{ cursor: { area: 'matrix', anchor: '"]{}', x: 0, y: 0 } },
		{ cursor: { area: 'x'.repeat(40), anchor: 'plot', x: 0, y: 0 } }
	])('ignores the malformed cursor in %j', (state) => {
		expect(readCursor(state)).toBeNull();
	});
});

describe('readView', () => {
	it('reads a facilitator’s view, dropping malformed optional parts', () => {
		expect(readView({ view: { tab: 'rice', results: 'rice', idea: 'a1b2c3d4e5f60718' } })).toEqual({
			tab: 'rice',
			results: 'rice',
			idea: 'a1b2c3d4e5f60718'
		});
		expect(readView({ view: { tab: 'ranking', results: 7, idea: '<b>' } })).toEqual({
			tab: 'ranking',
			results: null,
			idea: null
		});
	});

	it.each([{}, { view: 'rice' }, { view: { tab: '' } }, { view: { tab: 'a b' } }])(
		'ignores the malformed view in %j',
		(state) => {
			expect(readView(state)).toBeNull();
		}
	);
});

import { describe, expect, it } from 'vitest';
import { HIDDEN_FUNCTION_COLOUR, readPeers, readPresenceUser } from './presence.ts';

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

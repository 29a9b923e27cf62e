import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
	it('puts the prefix, the zero-padded base-36 time and the tail together', () => {
		expect(newId('kr', 36, 'abc123')).toBe('kr-00000010-abc123');
		expect(newId('o', 1_700_000_000_000, 'ffffff')).toBe('o-loyw3v28-ffffff');
	});

	it('sorts ids made later after ids made earlier', () => {
		const ids = [1_800_000_000_000, 1_700_000_000_000, 1_700_000_000_001].map((t) =>
			newId('o', t, '000000')
		);
		expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
	});

	it('adds a random six-digit hex tail by default', () => {
		expect(newId('c', 0)).toMatch(/^c-00000000-[0-9a-f]{6}$/);
	});
});

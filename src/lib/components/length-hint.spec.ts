import { describe, expect, it } from 'vitest';
import { lengthHint } from './length-hint.ts';

describe('[RM12] a length-limited field says how much is left and when it cut', () => {
	it('says nothing well below the limit', () => {
		expect(lengthHint(0, 200, 'A title')).toEqual({ kind: 'none' });
		expect(lengthHint(179, 200, 'A title')).toEqual({ kind: 'none' });
		expect(lengthHint(69, 80, 'A name')).toEqual({ kind: 'none' });
	});

	it('counts what is left near the limit (the last tenth, at least ten characters)', () => {
		expect(lengthHint(180, 200, 'A title')).toEqual({
			kind: 'counter',
			text: '20 characters left'
		});
		expect(lengthHint(70, 80, 'A name')).toEqual({ kind: 'counter', text: '10 characters left' });
		expect(lengthHint(199, 200, 'A title')).toEqual({ kind: 'counter', text: '1 character left' });
	});

	it('says the text was cut once the limit is reached', () => {
		expect(lengthHint(80, 80, 'A name')).toEqual({
			kind: 'limit',
			text: 'A name can be at most 80 characters; anything longer is cut.'
		});
		expect(lengthHint(200, 200, 'A title').kind).toBe('limit');
	});
});

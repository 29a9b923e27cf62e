/**
 * What a length-limited field says about its length ([RM12]). The browser's maxlength cuts typed
 * and pasted text silently, so near the limit the field counts what is left, and at the limit it
 * says that anything longer was cut.
 */
export type LengthHint =
	{ kind: 'none' } | { kind: 'counter'; text: string } | { kind: 'limit'; text: string };

/** The counter appears once this share of the limit is used (at least ten characters before it). */
const NEAR = 0.9;

export function lengthHint(length: number, max: number, what: string): LengthHint {
	if (length >= max) {
		return {
			kind: 'limit',
			text: `${what} can be at most ${max} characters; anything longer is cut.`
		};
	}
	const left = max - length;
	if (length >= Math.min(max * NEAR, max - 10)) {
		return { kind: 'counter', text: `${left} ${left === 1 ? 'character' : 'characters'} left` };
	}
	return { kind: 'none' };
}

import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrDrawing } from './qr.ts';

describe('qrDrawing', () => {
	const url = 'https://converge.example/join/3f9c2a7b';

	it('draws exactly the dark modules of the code', () => {
		const { size, path } = qrDrawing(url);
		const { data } = encode(url, { ecc: 'M', border: 0 });
		const dark = new Set<string>();
		for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
			for (let i = 0; i < Number(w); i++) dark.add(`${Number(x) + i},${y}`);
		}
		for (let y = 0; y < size; y++) {
			for (let x = 0; x < size; x++) expect(dark.has(`${x},${y}`)).toBe(data[y][x]);
		}
	});

	it('merges runs of dark modules into one rectangle each', () => {
		// The top-left finder pattern starts with a run of seven.
		expect(qrDrawing(url).path.startsWith('M0 0h7v1h-7z')).toBe(true);
	});
});

import { encode } from 'uqr';

export interface QrDrawing {
	/** Modules per side, without the quiet zone. */
	size: number;
	/** One SVG path of the dark modules, one unit per module. */
	path: string;
}

/**
 * A QR code as a single SVG path, horizontal runs merged so the path stays small. Medium error
 * correction survives glare on a projector without making the code much denser.
 */
export function qrDrawing(text: string): QrDrawing {
	const { size, data } = encode(text, { ecc: 'M', border: 0 });
	let path = '';
	for (let y = 0; y < size; y++) {
		let x = 0;
		while (x < size) {
			if (!data[y][x]) {
				x++;
				continue;
			}
			const start = x;
			while (x < size && data[y][x]) x++;
			path += `M${start} ${y}h${x - start}v1h${start - x}z`;
		}
	}
	return { size, path };
}

import type { Picture } from './svg.ts';

/**
 * A PNG of an exported picture, drawn from its SVG into a canvas at `scale` × its size (2× by
 * default, sharp on a high-density screen or in a slide). Browser only. The SVG is
 * self-contained, so the image loads without fetching anything, and its white background keeps
 * the PNG opaque.
 */

/** Chromium's and Firefox's canvas limit per side; a larger canvas draws nothing. */
const MAX_SIDE = 16384;

export async function pngFromSvg(picture: Picture, scale = 2): Promise<Blob> {
	const fit = Math.min(scale, MAX_SIDE / Math.max(picture.width, picture.height));
	const url = URL.createObjectURL(new Blob([picture.svg], { type: 'image/svg+xml' }));
	try {
		const image = new Image(picture.width, picture.height);
		image.src = url;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(picture.width * fit);
		canvas.height = Math.round(picture.height * fit);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('This browser cannot draw a PNG here');
		context.scale(fit, fit);
		context.drawImage(image, 0, 0, picture.width, picture.height);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob(
				(blob) =>
					blob ? resolve(blob) : reject(new Error('This browser could not encode the PNG')),
				'image/png'
			)
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}

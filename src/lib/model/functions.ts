/** The functions (departments) a workshop member belongs to, with a colour and a text label each. */
export const FUNCTIONS = [
	'Product',
	'Engineering',
	'Sales',
	'Design',
	'Marketing',
	'Support',
	'Leadership',
	'Other'
] as const;

export type Function = (typeof FUNCTIONS)[number];

/**
 * Okabe–Ito based palette, kept distinguishable with protanopia, deuteranopia and tritanopia
 * (checked in colour-vision.spec.ts); every use shows the function's name beside its colour.
 */
export const FUNCTION_COLOURS: Record<Function, string> = {
	Product: '#0072B2',
	Engineering: '#009E73',
	Sales: '#D55E00',
	Design: '#CC79A7',
	Marketing: '#E69F00',
	Support: '#56B4E9',
	Leadership: '#332288',
	Other: '#4B5563'
};

export function isFunction(value: unknown): value is Function {
	return typeof value === 'string' && (FUNCTIONS as readonly string[]).includes(value);
}

export function functionColour(value: string): string {
	return isFunction(value) ? FUNCTION_COLOURS[value] : FUNCTION_COLOURS.Other;
}

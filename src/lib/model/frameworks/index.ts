import type { Scale } from './consensus.ts';

/** Every framework a facilitator can enable, in the order the UI lists them. */
export const FRAMEWORK_IDS = [
	'matrix',
	'rice',
	'ice',
	'wsjf',
	'scorecard',
	'moscow',
	'okr',
	'dots',
	'budget'
] as const;

export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface FrameworkInfo {
	id: FrameworkId;
	label: string;
	description: string;
	/** What a participant enters per idea, for help text. */
	entry: string;
	/**
	 * The per-person number per idea that consensus and ranking use, and its scale (null when the
	 * scale is unbounded, as RICE's, and the observed range stands in); null for frameworks that do
	 * not give one number per person (buckets, links, allowances).
	 */
	numeric: { of: string; scale: Scale | null } | null;
}

export const FRAMEWORKS: readonly FrameworkInfo[] = [
	{
		id: 'matrix',
		label: 'Value / effort',
		description: 'Place each idea by the value it brings and the effort it takes.',
		entry: 'Value and effort, each 0–100.',
		numeric: { of: 'value', scale: { min: 0, max: 100 } }
	},
	{
		id: 'rice',
		label: 'RICE',
		description: 'Reach × Impact × Confidence ÷ Effort.',
		entry:
			'Reach (people per period, 0 or more), impact (0.25, 0.5, 1, 2 or 3), confidence (50, 80 or 100 %), effort (person-months, more than 0, at most 1000).',
		numeric: { of: 'RICE score', scale: null }
	},
	{
		id: 'ice',
		label: 'ICE',
		description: 'Impact × Confidence × Ease.',
		entry: 'Impact, confidence and ease, each a whole number 1–10.',
		numeric: { of: 'ICE score', scale: { min: 1, max: 1000 } }
	},
	{
		id: 'wsjf',
		label: 'WSJF',
		description:
			'Weighted shortest job first: (business value + time criticality + risk reduction) ÷ job size.',
		entry:
			'Business value, time criticality, risk reduction and job size, each 1, 2, 3, 5, 8, 13 or 20.',
		numeric: { of: 'WSJF', scale: { min: 3 / 20, max: 60 } }
	},
	{
		id: 'scorecard',
		label: 'Weighted scorecard',
		description: 'Score each criterion; weights set by the facilitator combine them.',
		entry: 'A whole number 1–5 per criterion.',
		numeric: { of: 'composite', scale: { min: 1, max: 5 } }
	},
	{
		id: 'moscow',
		label: 'MoSCoW',
		description: 'Sort ideas into Must, Should, Could and Won’t.',
		entry: 'One bucket: Must, Should, Could or Won’t.',
		numeric: null
	},
	{
		id: 'okr',
		label: 'OKR map',
		description: 'Link ideas to the key results they move.',
		entry: 'Per key result: no link, weak, medium or strong.',
		numeric: null
	},
	{
		id: 'dots',
		label: 'Dot voting',
		description: 'Spend a few dots on the ideas you want most; several on one idea is fine.',
		entry: 'A whole number of dots, 0 or more; in total at most your dots (5 unless set).',
		numeric: null
	},
	{
		id: 'budget',
		label: 'Buy a feature',
		description: 'Pledge from your budget; an idea is bought when pledges cover its effort.',
		entry: 'A whole amount, 0 or more; in total at most your budget.',
		numeric: null
	}
];

/** The metadata of one framework. */
export function frameworkInfo(id: FrameworkId): FrameworkInfo {
	// FRAMEWORKS lists every id of FRAMEWORK_IDS (checked by index.spec.ts).
	return FRAMEWORKS.find((info) => info.id === id)!;
}

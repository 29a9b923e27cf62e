import type { FrameworkId, Settings } from '$lib/model/control.ts';

/**
 * An entry the server rejects, per framework, written straight into a ballot as another tab or a
 * buggy client could: it shows how a view reports the server's reason.
 */
export function badEntry(framework: FrameworkId, settings: Settings): unknown {
	switch (framework) {
		case 'scorecard':
			return { 'strategic-alignment': 7 };
		case 'moscow':
			return 'maybe';
		case 'okr':
			return { 'kr-gone': 'strong' };
		case 'dots':
			return settings.dotsPerPerson + 3;
		case 'budget':
			return settings.budgetPerPerson * 2;
		default:
			return null;
	}
}

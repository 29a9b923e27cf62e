import type { FrameworkId } from '$lib/model/control.ts';
import type { Phase } from '$lib/model/session.ts';
import { FRAMEWORK_IDS, frameworkInfo } from '$lib/model/frameworks/index.ts';

/** A tab of the room: one per enabled framework, then the Ranking, Consensus and Roadmap pages. */
export type TabId = FrameworkId | 'ranking' | 'consensus' | 'roadmap';

export interface Tab {
	id: TabId;
	label: string;
	/** Results of this framework are hidden (blind voting, not revealed yet). */
	hidden: boolean;
}

/**
 * The tabs for the enabled frameworks, in the order the setup lists them, then Ranking,
 * Consensus and Roadmap. `hidden` frameworks are marked so people know why they see no results.
 */
export function roomTabs(
	enabled: readonly FrameworkId[],
	isHidden: (f: FrameworkId) => boolean
): Tab[] {
	const frameworks = FRAMEWORK_IDS.filter((id) => enabled.includes(id));
	return [
		...frameworks.map((id) => ({ id, label: frameworkInfo(id).label, hidden: isHidden(id) })),
		{ id: 'ranking', label: 'Ranking', hidden: false },
		{ id: 'consensus', label: 'Consensus', hidden: false },
		{ id: 'roadmap', label: 'Roadmap', hidden: false }
	];
}

/** Whether a tab is one framework's page (so has votes), not a results page. */
export function isFrameworkTab(tab: TabId): tab is FrameworkId {
	return tab !== 'ranking' && tab !== 'consensus' && tab !== 'roadmap';
}

/**
 * The tab to show: the one chosen while it still exists, else the one the phase is for (the
 * first framework while collecting and scoring, Consensus to discuss, the roadmap to decide).
 */
export function activeTab(chosen: TabId | null, tabs: readonly Tab[], phase?: Phase): TabId {
	if (chosen !== null && tabs.some((tab) => tab.id === chosen)) return chosen;
	if (phase === 'discuss') return 'consensus';
	if (phase === 'decide') return 'roadmap';
	return tabs[0].id;
}

/** Where a key moves the focus in a tab list (arrows wrap, Home and End jump); null for other keys. */
export function tabAfterKey(tabs: readonly Tab[], current: TabId, key: string): TabId | null {
	const index = tabs.findIndex((tab) => tab.id === current);
	const last = tabs.length - 1;
	switch (key) {
		case 'ArrowRight':
			return tabs[index >= last ? 0 : index + 1].id;
		case 'ArrowLeft':
			return tabs[index <= 0 ? last : index - 1].id;
		case 'Home':
			return tabs[0].id;
		case 'End':
			return tabs[last].id;
		default:
			return null;
	}
}

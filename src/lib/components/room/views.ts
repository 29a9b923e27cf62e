import type { Component } from 'svelte';
import BudgetView from '$lib/components/frameworks/budget/BudgetView.svelte';
import DotsView from '$lib/components/frameworks/dots/DotsView.svelte';
import EstimateView from '$lib/components/frameworks/estimate/EstimateView.svelte';
import MoscowView from '$lib/components/frameworks/moscow/MoscowView.svelte';
import OkrView from '$lib/components/frameworks/okr/OkrView.svelte';
import ScorecardView from '$lib/components/frameworks/scorecard/ScorecardView.svelte';
import type { FrameworkViewProps } from '$lib/components/frameworks/types.ts';
import type { FrameworkId } from '$lib/model/control.ts';

type View = Component<FrameworkViewProps>;

/**
 * The view of each framework, every one taking FrameworkViewProps (typed here, so a view whose
 * props drift from the contract fails the check). The value/effort matrix is not listed: the room
 * draws it itself, as it predates the views and keeps its own props.
 */
const VIEWS: Record<Exclude<FrameworkId, 'matrix'>, View> = {
	rice: EstimateView,
	ice: EstimateView,
	wsjf: EstimateView,
	scorecard: ScorecardView,
	moscow: MoscowView,
	okr: OkrView,
	dots: DotsView,
	budget: BudgetView
};

export function viewFor(framework: FrameworkId): View | null {
	return framework === 'matrix' ? null : VIEWS[framework];
}

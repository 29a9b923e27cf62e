import { describe, expect, it } from 'vitest';
import { activeTab, isFrameworkTab, roomTabs, tabAfterKey } from './tabs.ts';

describe('roomTabs', () => {
	it('lists the enabled frameworks in setup order, then Ranking, Consensus and Roadmap', () => {
		const tabs = roomTabs(['wsjf', 'matrix', 'rice'], (id) => id === 'rice');
		expect(tabs.map((t) => [t.id, t.hidden])).toEqual([
			['matrix', false],
			['rice', true],
			['wsjf', false],
			['ranking', false],
			['consensus', false],
			['roadmap', false]
		]);
		expect(tabs[1].label).toBe('RICE');
	});
});

describe('activeTab', () => {
	const tabs = roomTabs(['matrix', 'rice'], () => false);

	it('keeps the chosen tab while it exists', () => {
		expect(activeTab('rice', tabs)).toBe('rice');
	});

	it('falls back to the first tab when the chosen framework was turned off', () => {
		expect(activeTab('ice', tabs)).toBe('matrix');
		expect(activeTab(null, tabs)).toBe('matrix');
	});

	it('leads with the page the phase is for until a tab is chosen', () => {
		expect(activeTab(null, tabs, 'collect')).toBe('matrix');
		expect(activeTab(null, tabs, 'score')).toBe('matrix');
		expect(activeTab(null, tabs, 'discuss')).toBe('consensus');
		expect(activeTab(null, tabs, 'decide')).toBe('roadmap');
		expect(activeTab('rice', tabs, 'decide')).toBe('rice');
	});
});

describe('tabAfterKey', () => {
	const tabs = roomTabs(['matrix', 'rice'], () => false);

	it.each([
		['matrix', 'ArrowRight', 'rice'],
		['roadmap', 'ArrowRight', 'matrix'],
		['matrix', 'ArrowLeft', 'roadmap'],
		['rice', 'Home', 'matrix'],
		['rice', 'End', 'roadmap'],
		['rice', 'Enter', null]
	] as const)('from %s, %s goes to %s', (from, key, to) => {
		expect(tabAfterKey(tabs, from, key)).toBe(to);
	});
});

describe('isFrameworkTab', () => {
	it('tells framework pages from the results pages', () => {
		expect(
			['rice', 'ranking', 'consensus', 'roadmap'].map((t) => isFrameworkTab(t as never))
		).toEqual([true, false, false, false]);
	});
});

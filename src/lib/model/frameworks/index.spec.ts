import { describe, expect, it } from 'vitest';
import { iceScore } from './ice/ice.ts';
import { FRAMEWORK_IDS, FRAMEWORKS, frameworkInfo } from './index.ts';
import { wsjfScore } from './wsjf/wsjf.ts';

describe('FRAMEWORKS', () => {
	it('describes every framework once, in the order of FRAMEWORK_IDS', () => {
		expect(FRAMEWORKS.map((info) => info.id)).toEqual([...FRAMEWORK_IDS]);
		for (const info of FRAMEWORKS) {
			expect(info.label).not.toBe('');
			expect(info.description).not.toBe('');
			expect(info.entry).not.toBe('');
		}
	});

	it('gives numeric frameworks the scale their formula can reach', () => {
		expect(frameworkInfo('ice').numeric?.scale).toEqual({
			min: iceScore({ impact: 1, confidence: 1, ease: 1 }),
			max: iceScore({ impact: 10, confidence: 10, ease: 10 })
		});
		expect(frameworkInfo('wsjf').numeric?.scale).toEqual({
			min: wsjfScore({ businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 20 }),
			max: wsjfScore({ businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 })
		});
		expect(frameworkInfo('rice').numeric?.scale).toBeNull();
		expect(frameworkInfo('moscow').numeric).toBeNull();
	});
});

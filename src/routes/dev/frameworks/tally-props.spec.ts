import { describe, expect, it } from 'vitest';
import { tallyProps } from './tally-props.ts';

describe('tallyProps', () => {
	const contents = {
		maps: {
			status: new Map<string, unknown>([['voters', 3]]),
			votes: new Map<string, unknown>([
				['dots|a', 2],
				['dots|b', 1],
				['moscow|a', 3]
			]),
			voted: new Map<string, unknown>(),
			aggregates: new Map<string, unknown>([
				['dots|a', { ideaId: 'a', dots: 4 }],
				['moscow|a', { ideaId: 'a' }]
			]),
			summary: new Map<string, unknown>([['moscow', { mustEffort: {} }]]),
			individual: new Map<string, unknown>([
				['dots|a|u1', { name: 'Ann', function: 'Sales', entry: 3 }],
				['dots|a|u2', { name: 'Bo', function: 'Design', entry: 1 }]
			])
		},
		rejected: new Map([['u1', new Map([['dots|b', 'too many']])]])
	};

	it('keys one framework’s results by idea id, ranked as the room ranks them', () => {
		const props = tallyProps(contents, 'dots', 'u1');
		expect(props.aggregates).toEqual(new Map([['a', { ideaId: 'a', dots: 4, rank: 1 }]]));
		expect(props.votes).toEqual(
			new Map([
				['a', 2],
				['b', 1]
			])
		);
		expect(props.voters).toBe(3);
		expect(props.summary).toBeNull();
	});

	it('groups individual entries by idea', () => {
		expect(tallyProps(contents, 'dots', 'u1').individual.get('a')).toEqual([
			{ userId: 'u1', name: 'Ann', function: 'Sales', entry: 3 },
			{ userId: 'u2', name: 'Bo', function: 'Design', entry: 1 }
		]);
	});

	it('gives each person only their own rejections', () => {
		expect(tallyProps(contents, 'dots', 'u1').rejected).toEqual(new Map([['b', 'too many']]));
		expect(tallyProps(contents, 'dots', 'u2').rejected.size).toBe(0);
	});

	it('reads the framework’s summary', () => {
		expect(tallyProps(contents, 'moscow', 'u1').summary).toEqual({ mustEffort: {} });
	});
});

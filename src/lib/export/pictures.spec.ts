import { describe, expect, it } from 'vitest';
import { groupFromRow } from '$lib/charts/value-effort.ts';
import type { OkrSummary } from '$lib/model/frameworks/okr/okr.ts';
import { fillRoadmap } from '$lib/model/roadmap.ts';
import { matrixSvg } from './matrix-svg.ts';
import { okrSvg } from './okr-svg.ts';
import { roadmapSvg } from './roadmap-svg.ts';
import { escapeXml, exportFileName, fitText, textWidth, wrapText } from './svg.ts';
import { xmlProblem } from './xml-check.ts';

const heading = { title: 'Q4 <bets> & "more"', subject: 'Roadmap', date: '22 Nov 2026' };
const tricky = `Fish & chips <script>alert('x')</script> "quoted"`;

/** Every title is in the file, escaped, and nothing of it is there unescaped. */
function expectTitles(svg: string, titles: string[]) {
	for (const title of titles) expect(svg, title).toContain(escapeXml(title));
	expect(svg).not.toContain('<script');
	expect(svg).not.toContain('Fish & chips');
}

describe('escapeXml', () => {
	it('escapes markup and drops characters XML cannot hold', () => {
		expect(escapeXml(`a<b>&"c'\u0007`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
	});
});

describe('wrapText', () => {
	it('breaks at spaces within the width and ends a cut last line with an ellipsis', () => {
		const lines = wrapText('one two three four five six seven eight nine ten', 60, 12, 2);
		expect(lines).toHaveLength(2);
		for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(60);
		expect(lines[1].endsWith('…')).toBe(true);
		expect(wrapText('short', 200, 12)).toEqual(['short']);
	});
});

describe('fitText', () => {
	it('keeps text that fits and cuts text that does not', () => {
		expect(fitText('Dark mode', 200, 12)).toBe('Dark mode');
		const cut = fitText('A very long idea title that will not fit', 80, 12);
		expect(cut.endsWith('…')).toBe(true);
		expect(textWidth(cut, 12)).toBeLessThanOrEqual(80);
	});
});

describe('exportFileName', () => {
	it('makes a file name from the title, what and date', () => {
		expect(exportFileName('Q4 bets: Café & co', 'matrix', '2026-11-22', 'svg')).toBe(
			'q4-bets-cafe-co-matrix-2026-11-22.svg'
		);
		expect(exportFileName('!!!', 'ideas', '2026-11-22', 'csv')).toBe(
			'workshop-ideas-2026-11-22.csv'
		);
	});
});

describe('matrixSvg', () => {
	const row = (value: number, effort: number) =>
		groupFromRow({ count: 3, median: { value, effort }, spread: { value: 10, effort: 20 } });
	const points = [
		{ number: 1, title: 'Dark mode', group: row(80, 20) },
		{ number: 2, title: tricky, group: row(30, 70) },
		{ number: 3, title: 'Nobody placed me', group: null }
	];

	it('writes valid XML with the heading, every idea and one marker per placed idea', () => {
		const picture = matrixSvg({ ...heading, subject: 'Value / effort matrix' }, points);
		expect(xmlProblem(picture.svg)).toBeNull();
		expectTitles(
			picture.svg,
			points.map((p) => p.title)
		);
		expect(picture.svg).toContain(escapeXml(heading.title));
		expect(picture.svg).toContain('22 Nov 2026');
		expect(picture.svg.match(/<circle /g)).toHaveLength(2);
		expect(picture.svg).toContain('Nobody placed me (not placed)');
		expect(picture.svg).toContain(`width="${picture.width}"`);
		expect(picture.svg).toContain(`height="${picture.height}"`);
	});

	it('grows with a long list of ideas instead of overlapping them', () => {
		const many = Array.from({ length: 300 }, (_, i) => ({
			number: i + 1,
			title: `Idea ${i + 1}`,
			group: row(i % 100, (i * 7) % 100)
		}));
		const small = matrixSvg(heading, points.slice(0, 1));
		const large = matrixSvg(heading, many);
		expect(xmlProblem(large.svg)).toBeNull();
		expect(large.height).toBeGreaterThan(small.height + 1000);
		expectTitles(large.svg, ['Idea 1', 'Idea 300']);
	});

	it('says so when there are no ideas', () => {
		const picture = matrixSvg(heading, []);
		expect(xmlProblem(picture.svg)).toBeNull();
		expect(picture.svg).toContain('No ideas yet.');
	});
});

describe('roadmapSvg', () => {
	const ideas = [
		{ ideaId: 'a', title: 'Single sign-on', rank: 1, score: 9, effort: 5 },
		{ ideaId: 'b', title: tricky, rank: 2, score: 8, effort: 3 },
		{ ideaId: 'c', title: 'Audit log', rank: 3, score: 7, effort: 4 },
		{ ideaId: 'd', title: 'Needs an estimate', rank: 4, score: 6, effort: null },
		{ ideaId: 'e', title: 'Far too big', rank: 5, score: 5, effort: 100 },
		{ ideaId: 'f', title: 'Pinned out', rank: 6, score: 4, effort: 1 }
	];
	const roadmap = fillRoadmap(
		ideas,
		{ now: 8, next: 4, later: 10 },
		new Map([
			['f', 'out'],
			['c', 'now']
		])
	);

	it('writes valid XML with every idea: placed, waiting, too big and left out', () => {
		const picture = roadmapSvg(heading, roadmap);
		expect(xmlProblem(picture.svg)).toBeNull();
		expectTitles(
			picture.svg,
			ideas.map((i) => i.title)
		);
		for (const words of ['Now', 'Next', 'Later', 'Waiting for an effort estimate (1)']) {
			expect(picture.svg).toContain(words);
		}
		expect(picture.svg).toContain('No horizon has room (1)');
		expect(picture.svg).toContain('Left out by the facilitator (1)');
		expect(picture.svg).toContain('Pinned');
	});

	it('marks a column a pin took past its capacity', () => {
		const over = fillRoadmap(
			ideas.slice(0, 1),
			{ now: 2, next: null, later: null },
			new Map([['a', 'now']])
		);
		const picture = roadmapSvg(heading, over);
		expect(picture.svg).toContain('5 of 2 used');
		expect(picture.svg).toMatch(/font-weight="700" fill="#b42318"[^>]*>5 of 2 used/);
		expect(picture.svg).toContain('no limit');
	});
});

describe('okrSvg', () => {
	const summary: OkrSummary = {
		links: [],
		unaligned: ['i3'],
		coverage: [
			{ objectiveId: 'o1', covered: 1, total: 2, share: 0.5 },
			{ objectiveId: 'o2', covered: 0, total: 0, share: 0 }
		],
		map: [
			{
				id: 'o1',
				title: 'Grow revenue',
				weight: 5,
				keyResults: [
					{
						id: 'kr1',
						title: 'ARR +20 %',
						weight: 5,
						ideas: [
							{ ideaId: 'i1', weight: 3, count: 4 },
							{ ideaId: 'i2', weight: 2, count: 1 }
						]
					},
					{ id: 'kr2', title: 'Churn < 2 %', weight: 0, ideas: [] }
				]
			},
			{ id: 'o2', title: 'Delight', weight: 0, keyResults: [] }
		]
	};
	const titles = new Map([
		['i1', 'Dark mode'],
		['i2', tricky],
		['i3', 'Unlinked idea']
	]);

	it('writes valid XML with every objective, key result and idea, and the link counts', () => {
		const picture = okrSvg({ ...heading, subject: 'OKR map' }, summary, titles);
		expect(xmlProblem(picture.svg)).toBeNull();
		expectTitles(picture.svg, [...titles.values(), 'Grow revenue', 'ARR +20 %', 'Churn < 2 %']);
		expect(picture.svg).toContain('1 of 2 key results covered');
		expect(picture.svg).toContain('Unaligned: linked to nothing');
		expect(picture.svg).toMatch(/>4<\/text>/);
		expect(picture.svg.match(/<path /g)).toHaveLength(4);
	});
});

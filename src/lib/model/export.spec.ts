import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type WorkshopAggregates, type WorkshopBallot } from './frameworks/aggregates.ts';
import { computeAll } from './frameworks/aggregator.ts';
import { FUNCTIONS } from './functions.ts';
import {
	csvChunks,
	CsvError,
	entriesCsvChunks,
	jsonChunks,
	namesOf,
	parseCsv,
	READ_STEP,
	toCsv,
	toJson,
	type ExportInput
} from './export.ts';
import { mulberry32 } from './random.ts';

const idea = (id: string, title = id.toUpperCase(), description = '') => ({
	id,
	title,
	description
});

/** A RICE row as the server writes it to the tally: the table's row plus consensus and ranking. */
const riceRow = {
	ideaId: 'a',
	rank: 1,
	count: 3,
	median: { reach: 100, impact: 1, confidence: 80, effort: 6.4 },
	score: 12.5,
	medianOfScores: 10,
	spread: 2,
	consensus: {
		ideaId: 'a',
		count: 3,
		median: 10,
		spread: 2,
		divergence: 0.25,
		byFunction: [
			{ function: 'Product', count: 1, median: 14 },
			{ function: 'Engineering', count: 2, median: 8 }
		]
	},
	ranking: {
		ideaId: 'a',
		rank: 1,
		score: 12.5,
		voters: 3,
		spread: 2,
		pulledUpBy: [],
		pulledDownBy: []
	}
};

const input: ExportInput = {
	ideas: [idea('a', 'Dark mode'), idea('b', 'Export, "fast"', 'Line one\r\nline two')],
	aggregates: new Map<string, unknown>([
		['rice|a', riceRow],
		['rice|b', { ideaId: 'b', count: 1, hidden: true }],
		[
			'moscow|a',
			{
				ideaId: 'a',
				count: 3,
				counts: { must: 2, should: 1, could: 0, wont: 0 },
				consensus: 'must',
				agreement: 2 / 3,
				final: null,
				bucket: 'must'
			}
		],
		['dots|b', { ideaId: 'b', rank: 1, dots: 4, voters: 2 }],
		['rice|gone', riceRow],
		['nope|a', riceRow],
		['junk', 5]
	]),
	individual: new Map<string, unknown>([
		['rice|a|u2', { name: 'Bo', function: 'Engineering', entry: { reach: 1 } }],
		['moscow|a|u1', { name: 'Al', function: 'Product', entry: 'must', proxy: 'u9' }],
		['rice|a|u1', { name: 'Al', function: 'Product', entry: { reach: 2 } }],
		['rice|a', { name: 'No user', entry: 1 }],
		['rice|a|u3', 'garbage']
	]),
	exportedAt: '2025-01-02T03:04:05.000Z'
};

describe('toJson', () => {
	it('reads every result of an idea from the tally rows, in a fixed shape', () => {
		const doc = toJson(input);
		expect(doc).toMatchObject({
			format: 'converge-export',
			version: 1,
			exportedAt: '2025-01-02T03:04:05.000Z',
			frameworks: ['rice', 'moscow', 'dots']
		});
		expect(doc.ideas.map((i) => i.id)).toEqual(['a', 'b']);
		const [a, b] = doc.ideas;
		expect(a.scores.rice).toEqual({
			hidden: false,
			voters: 3,
			rank: 1,
			score: 12.5,
			median: 10,
			spread: 2,
			divergence: 0.25,
			fields: { reach: 100, impact: 1, confidence: 80, effort: 6.4 },
			criteria: {},
			byFunction: { Product: 14, Engineering: 8 }
		});
		expect(a.scores.moscow?.fields).toEqual({
			bucket: 'must',
			consensus: 'must',
			final: null,
			agreement: 2 / 3,
			must: 2,
			should: 1,
			could: 0,
			wont: 0
		});
		expect(b.scores.rice).toMatchObject({ hidden: true, voters: 1, rank: null, score: null });
		expect(b.scores.dots).toMatchObject({ voters: 2, rank: 1, score: 4 });
		expect(Object.keys(a.scores)).toEqual(['rice', 'moscow']);
	});

	it('lists individual entries by framework, then user, and skips malformed ones', () => {
		const [a] = toJson(input).ideas;
		expect(a.individual).toEqual([
			{ framework: 'rice', userId: 'u1', name: 'Al', function: 'Product', entry: { reach: 2 } },
			{ framework: 'rice', userId: 'u2', name: 'Bo', function: 'Engineering', entry: { reach: 1 } },
			{
				framework: 'moscow',
				userId: 'u1',
				name: 'Al',
				function: 'Product',
				entry: 'must',
				proxy: 'u9'
			}
		]);
	});

	it('reads the scorecard’s criterion medians and the matrix’s per-axis spread', () => {
		const doc = toJson({
			ideas: [idea('a')],
			aggregates: new Map<string, unknown>([
				[
					'scorecard|a',
					{
						ideaId: 'a',
						rank: 1,
						count: 2,
						composite: 3.4,
						breakdown: [
							{ criterionId: 'impact', count: 2, median: 4, contribution: 4, weighted: 2.4 },
							{ criterionId: 'deps', count: 2, median: 4, contribution: 2, weighted: 0.4 }
						]
					}
				],
				[
					'matrix|a',
					{
						ideaId: 'a',
						rank: 1,
						count: 2,
						median: { value: 70, effort: 20 },
						spread: { value: 10, effort: 5 }
					}
				]
			])
		});
		expect(doc.ideas[0].scores.scorecard).toMatchObject({
			score: 3.4,
			criteria: { impact: 4, deps: 4 }
		});
		expect(doc.ideas[0].scores.matrix?.fields).toEqual({
			value: 70,
			effort: 20,
			value_spread: 10,
			effort_spread: 5
		});
	});
});

describe('toCsv', () => {
	it('writes a header and one row per idea, with only the columns that have values', () => {
		expect(toCsv(input).split('\r\n')).toEqual([
			'idea_id,title,description,' +
				'rice_voters,rice_rank,rice_score,rice_median,rice_spread,rice_divergence,rice_hidden,' +
				'rice_reach,rice_impact,rice_confidence,rice_effort,' +
				'rice_median_Product,rice_median_Engineering,' +
				'moscow_voters,moscow_bucket,moscow_consensus,moscow_agreement,' +
				'moscow_must,moscow_should,moscow_could,moscow_wont,' +
				'dots_voters,dots_rank,dots_score',
			'a,Dark mode,,3,1,12.5,10,2,0.25,false,100,1,80,6.4,14,8,' + '3,must,must,0.67,2,1,0,0,,,',
			'b,"Export, ""fast""","Line one',
			'line two",1,,,,,,true,,,,,,,,,,,,,,,2,1,4',
			''
		]);
	});

	it('quotes what needs quoting and disarms text a spreadsheet would run as a formula', () => {
		const csv = toCsv({
			ideas: [idea('a', '=HYPERLINK("x")', '-1 for churn'), idea('b', 'plain', '@home')],
			aggregates: []
		});
		expect(csv).toBe(
			'idea_id,title,description\r\n' +
				`a,"'=HYPERLINK(""x"")",'-1 for churn\r\n` +
				"b,plain,'@home\r\n"
		);
	});

	it('[RM10] round-trips every number of a real workshop through parseCsv, to two decimals', () => {
		const { ideaIds, ballots } = workshop(30, 12, 5);
		const tally = new Y.Doc();
		const aggregates = tally.getMap('aggregates');
		for (const [key, row] of tallyRows(computeAll({ ideaIds, ballots }))) aggregates.set(key, row);
		const exported: ExportInput = {
			ideas: ideaIds.map((id) => idea(id, `Idea ${id}`)),
			aggregates
		};
		const doc = toJson(exported);
		const [header, ...rows] = parseCsv(toCsv(exported));
		expect(rows).toHaveLength(30);
		let checked = 0;
		rows.forEach((row, i) => {
			const scores = doc.ideas[i].scores;
			expect(row[0]).toBe(ideaIds[i]);
			for (const fw of doc.frameworks) {
				const own = scores[fw];
				if (!own) continue;
				const expected: Record<string, unknown> = {
					[`${fw}_score`]: own.score,
					[`${fw}_median`]: own.median,
					[`${fw}_spread`]: own.spread,
					[`${fw}_divergence`]: own.divergence
				};
				for (const [k, v] of Object.entries(own.fields)) expected[`${fw}_${k}`] = v;
				for (const [k, v] of Object.entries(own.criteria)) expected[`${fw}_criterion_${k}`] = v;
				for (const [k, v] of Object.entries(own.byFunction)) expected[`${fw}_median_${k}`] = v;
				for (const [column, value] of Object.entries(expected)) {
					if (typeof value !== 'number') continue;
					const at = header.indexOf(column);
					expect(at, column).toBeGreaterThan(0);
					expect(Number(row[at]), column).toBe(Math.round(value * 100) / 100);
					expect(row[at], column).toMatch(/^-?\d+(\.\d{1,2})?$/);
					checked++;
				}
			}
		});
		// Per idea: RICE 4 + 4 fields + 8 functions, scorecard 4 + 3 criteria + 8, MoSCoW 5 = 36,
		// so the check did not pass by checking nothing.
		expect(checked).toBeGreaterThanOrEqual(30 * 36);
		expect(header).toContain('scorecard_criterion_market-demand');
		expect(header).toContain('rice_median_Leadership');
	});
});

describe('csvChunks', () => {
	const many: ExportInput = {
		ideas: Array.from({ length: 250 }, (_, i) => idea(`i${i}`)),
		aggregates: []
	};

	it('yields the CSV in pieces that report progress and join up to toCsv', () => {
		const chunks = [...csvChunks(many, 100)].filter((c) => c.phase === 'write');
		expect(chunks.map((c) => [c.rows, c.total])).toEqual([
			[100, 250],
			[200, 250],
			[250, 250]
		]);
		expect(chunks.map((c) => c.text).join('')).toBe(toCsv(many));
		// The first piece holds the header and 100 rows: 101 line ends.
		expect(chunks[0].text.split('\r\n')).toHaveLength(102);
	});

	it('yields the header alone when there are no ideas', () => {
		expect([...csvChunks({ ideas: [], aggregates: [] })]).toEqual([
			{ phase: 'write', text: 'idea_id,title,description\r\n', rows: 0, total: 0 }
		]);
	});
});

describe('parseCsv', () => {
	it('reads quoted fields with commas, doubled quotes and line breaks', () => {
		expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\n1,,3,\r\n')).toEqual([
			['a', 'b,c', 'say "hi"', 'two\r\nlines'],
			['1', '', '3', '']
		]);
	});

	it('accepts LF line ends, a byte order mark and a last line without a line end', () => {
		expect(parseCsv('\ufeffx,y\n1,2')).toEqual([
			['x', 'y'],
			['1', '2']
		]);
		expect(parseCsv('')).toEqual([]);
		expect(parseCsv('\r\n')).toEqual([['']]);
	});

	it('keeps a quote inside an unquoted field as text', () => {
		expect(parseCsv('5" screen,x')).toEqual([['5" screen', 'x']]);
	});

	it('refuses a quoted field that is not closed or is followed by text', () => {
		expect(() => parseCsv('"open,1\r\n')).toThrow(CsvError);
		expect(() => parseCsv('"a"b,1')).toThrow(CsvError);
	});
});

/** Ballots with awkward numbers, from every function, for RICE, the scorecard, MoSCoW and dots. */
function workshop(ideas: number, voters: number, seed: number) {
	const random = mulberry32(seed);
	const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	const ideaIds = Array.from({ length: ideas }, (_, i) => `idea-${i}`);
	const ballots: WorkshopBallot[] = [];
	for (let v = 0; v < voters; v++) {
		const rice = new Map<string, unknown>();
		const scorecard = new Map<string, unknown>();
		const moscow = new Map<string, unknown>();
		for (const ideaId of ideaIds) {
			rice.set(ideaId, {
				reach: int(0, 5000),
				impact: pick([0.25, 0.5, 1, 2, 3]),
				confidence: pick([50, 80, 100]),
				effort: int(1, 24)
			});
			scorecard.set(ideaId, {
				'strategic-alignment': int(1, 5),
				'market-demand': int(1, 5),
				dependencies: int(1, 5)
			});
			moscow.set(ideaId, pick(['must', 'should', 'could', 'wont']));
		}
		ballots.push({
			voter: { userId: `u${v}`, name: `Voter ${v}`, function: FUNCTIONS[v % FUNCTIONS.length] },
			frameworks: { rice, scorecard, moscow, dots: new Map([[pick(ideaIds), 3]]) }
		});
	}
	return { ideaIds, ballots };
}

/** The aggregates map as the server derives it (src/lib/model/tally-derivation.ts) for a visible workshop. */
function tallyRows(all: WorkshopAggregates): Map<string, unknown> {
	const rows = new Map<string, unknown>();
	for (const fw of ['matrix', 'rice', 'ice', 'wsjf', 'scorecard'] as const) {
		const aggregate = all[fw];
		for (const row of aggregate?.rows ?? []) {
			rows.set(`${fw}|${row.ideaId}`, {
				...row,
				consensus: aggregate!.consensus.ideas.find((c) => c.ideaId === row.ideaId),
				ranking: aggregate!.ranking.find((r) => r.ideaId === row.ideaId) ?? null
			});
		}
	}
	for (const row of all.moscow?.rows ?? []) rows.set(`moscow|${row.ideaId}`, row);
	for (const row of all.dots?.ideas ?? []) rows.set(`dots|${row.ideaId}`, row);
	return rows;
}

describe('jsonChunks', () => {
	it('writes toJson in pieces that parse back to the same document', () => {
		const many: ExportInput = {
			...input,
			ideas: [...input.ideas, ...Array.from({ length: 5 }, (_, i) => idea(`x${i}`))]
		};
		const chunks = [...jsonChunks(many, 3)];
		expect(chunks.map((c) => [c.rows, c.total])).toEqual([
			[3, 7],
			[6, 7],
			[7, 7]
		]);
		expect(JSON.parse(chunks.map((c) => c.text).join(''))).toEqual(toJson(many));
	});

	it('pauses while it reads a large tally, and still writes the same document', () => {
		const ideas = Array.from({ length: 50 }, (_, i) => idea(`i${i}`));
		const individual = new Map<string, unknown>();
		for (const { id } of ideas) {
			for (let u = 0; u < 60; u++) {
				individual.set(`rice|${id}|u${u}`, {
					name: `U${u}`,
					function: 'Sales',
					entry: { reach: u }
				});
			}
		}
		const large: ExportInput = { ideas, aggregates: [], individual };
		const chunks = [...jsonChunks(large, 10)];
		const reads = chunks.filter((c) => c.phase === 'read');
		// 3,000 entries read, then sorted with their idea: at least 2 × 3,000 / READ_STEP pauses.
		expect(reads.length).toBeGreaterThanOrEqual(Math.floor(6000 / READ_STEP));
		expect(reads.every((c) => c.text === '' && c.rows <= c.total)).toBe(true);
		expect(reads.map((c) => c.rows)).toEqual([...reads.map((c) => c.rows)].sort((a, b) => a - b));
		expect(chunks.filter((c) => c.phase === 'write')).toHaveLength(5);
		expect(JSON.parse(chunks.map((c) => c.text).join(''))).toEqual(toJson(large));
	});

	it('writes an empty list of ideas as valid JSON', () => {
		const text = [...jsonChunks({ ideas: [], aggregates: [] })].map((c) => c.text).join('');
		expect(JSON.parse(text)).toEqual(toJson({ ideas: [], aggregates: [] }));
	});
});

describe('entriesCsvChunks', () => {
	it('writes one line per entry the tally holds, with a proxy column that defaults to false', () => {
		const csv = [...entriesCsvChunks(input)].map((c) => c.text).join('');
		expect(parseCsv(csv)).toEqual([
			[
				'idea_id',
				'title',
				'framework',
				'user_id',
				'name',
				'function',
				'proxy',
				'entry',
				'entry_reach'
			],
			['a', 'Dark mode', 'rice', 'u1', 'Al', 'Product', 'false', '', '2'],
			['a', 'Dark mode', 'rice', 'u2', 'Bo', 'Engineering', 'false', '', '1'],
			['a', 'Dark mode', 'moscow', 'u1', 'Al', 'Product', 'true', 'must', '']
		]);
	});

	it('[RM10] names OKR and scorecard columns after the key results and criteria, not their ids', () => {
		const names = namesOf({
			criteria: [{ id: 'c1', name: 'Speed' }],
			objectives: [
				{ keyResults: [{ id: 'kr-x1', title: 'Churn under 2 %' }] },
				{ keyResults: [{ id: 'kr-y2', title: 'Speed' }] }
			]
		});
		const individual = new Map<string, unknown>([
			[
				'okr|a|u1',
				{ name: 'Al', function: 'Product', entry: { 'kr-x1': 'strong', 'kr-y2': 'weak' } }
			],
			['scorecard|a|u1', { name: 'Al', function: 'Product', entry: { c1: 4 } }]
		]);
		const csv = [...entriesCsvChunks({ ...input, individual, names })].map((c) => c.text).join('');
		const [header, ...rows] = parseCsv(csv);
		expect(header.slice(7)).toEqual([
			'entry_Churn under 2 %',
			'entry_Speed (1)',
			'entry_Speed (2)'
		]);
		expect(rows).toEqual([
			['a', 'Dark mode', 'scorecard', 'u1', 'Al', 'Product', 'false', '', '', '4'],
			['a', 'Dark mode', 'okr', 'u1', 'Al', 'Product', 'false', 'strong', 'weak', '']
		]);
	});

	it('writes only the header when the tally holds no entries (blind or anonymous)', () => {
		const chunks = [...entriesCsvChunks({ ...input, individual: undefined })];
		expect(chunks).toEqual([
			{
				phase: 'write',
				text: 'idea_id,title,framework,user_id,name,function,proxy\r\n',
				rows: 0,
				total: 0
			}
		]);
	});
});

import type * as Y from 'yjs';
import { isFrameworkId } from './control.ts';
import type { FrameworkId } from './frameworks/index.ts';
import { rankBy } from './frameworks/ranking.ts';

/**
 * Reading the `tally` document (docs/documents.md). The server writes it, so it holds only what
 * this person may see; what depends on every idea at once, the ranks and ranking rows, it leaves
 * out (a moved median would rewrite every idea it passed), and readers derive them here from the
 * rows they have.
 */

type Row = Record<string, unknown>;

const record = (value: unknown): Row | null =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Row) : null;
const finite = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;
const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];

/**
 * What each framework that ranks its table ranks it by, read from a tally row (the frameworks'
 * `rank` functions in ./frameworks); a row without this number is not ranked.
 */
const TABLE_SCORE: Partial<Record<FrameworkId, (row: Row) => number | null>> = {
	matrix: (row) => finite(record(row.median)?.value),
	rice: (row) => finite(row.score),
	ice: (row) => finite(row.score),
	wsjf: (row) => finite(row.score),
	scorecard: (row) => finite(row.composite),
	dots: (row) => finite(row.dots)
};

/** Frameworks whose rows carry a consensus, and so a ranking row. */
const NUMERIC: ReadonlySet<FrameworkId> = new Set(['matrix', 'rice', 'ice', 'wsjf', 'scorecard']);

interface Ranked {
	ideaId: string;
	rank: number | null;
	score: number;
}

/** Competition ranks ("1, 1, 3"), highest score first, ties by idea id, as the server ranks. */
function ranksOf(scores: Ranked[]): Map<string, Ranked> {
	return new Map(rankBy(scores, (row) => row.score).map((row) => [row.ideaId, row]));
}

/**
 * One framework's rows as the views read them (idea id → row): each row with its `rank` in the
 * framework's table and, in numeric frameworks, its `ranking` row (`{ rank, score, voters, spread,
 * pulledUpBy, pulledDownBy }`, null for an idea without a consensus), both derived from the rows
 * given, exactly as the server derived them when it wrote them into each row. Rows that carry a
 * `rank` or `ranking` already are kept as they are: those the server wrote before it stopped
 * ranking, and ideas revealed one by one (`rank: null`), which nothing ranks. Results hidden for having too few
 * people are not ranked, nor counted in the others' ranks. Pure: the same rows give equal results.
 */
export function completeAggregates(
	framework: FrameworkId,
	rows: ReadonlyMap<string, Row>
): ReadonlyMap<string, Row> {
	const tableScore = TABLE_SCORE[framework];
	if (!tableScore) return rows;
	const numeric = NUMERIC.has(framework);
	const open: [string, Row][] = [];
	for (const [ideaId, row] of rows) {
		if (!('rank' in row) && !('ranking' in row) && row.hidden !== true) open.push([ideaId, row]);
	}
	if (open.length === 0) return rows;

	const table: Ranked[] = [];
	const ranking: Ranked[] = [];
	for (const [ideaId, row] of open) {
		const score = tableScore(row);
		if (score !== null) table.push({ ideaId, rank: null, score });
		if (!numeric) continue;
		const consensus = record(row.consensus);
		const median = finite(consensus?.median);
		if (median === null || finite(consensus?.count) === null) continue;
		ranking.push({ ideaId, rank: null, score: score ?? median });
	}
	const tableRanks = ranksOf(table);
	const rankingRanks = ranksOf(ranking);

	const complete = new Map(rows);
	for (const [ideaId, row] of open) {
		const { pulledUpBy, pulledDownBy, ...rest } = row;
		const made: Row = { ...rest, rank: tableRanks.get(ideaId)?.rank ?? null };
		if (numeric) {
			const ranked = rankingRanks.get(ideaId);
			const consensus = record(row.consensus);
			made.ranking = ranked
				? {
						ideaId,
						rank: ranked.rank,
						score: ranked.score,
						voters: consensus?.count,
						spread: consensus?.spread,
						pulledUpBy: strings(pulledUpBy),
						pulledDownBy: strings(pulledDownBy)
					}
				: null;
		}
		complete.set(ideaId, made);
	}
	return complete;
}

/**
 * The tally's `aggregates` map completed (completeAggregates), per framework: framework id →
 * idea id → row. Keys of unknown frameworks and values that are not plain objects are skipped.
 */
export function readAggregates(tally: Y.Doc): Map<FrameworkId, ReadonlyMap<string, Row>> {
	const raw = new Map<FrameworkId, Map<string, Row>>();
	tally.getMap('aggregates').forEach((value, key) => {
		const bar = key.indexOf('|');
		const framework = key.slice(0, bar);
		const row = record(value);
		if (bar <= 0 || !row || !isFrameworkId(framework)) return;
		let rows = raw.get(framework);
		if (!rows) raw.set(framework, (rows = new Map()));
		rows.set(key.slice(bar + 1), row);
	});
	return new Map(
		[...raw].map(([framework, rows]) => [framework, completeAggregates(framework, rows)])
	);
}

/**
 * The maps of the `tally` document that exports read: `aggregates`, `<framework>|<ideaId>` → the
 * group result, completed with ranks and ranking rows (completeAggregates); `individual`,
 * `<framework>|<ideaId>|<userId>` → one person's entry, as the document holds it.
 */
export function tallyEntries(tally: Y.Doc): {
	aggregates: ReadonlyMap<string, unknown>;
	individual: Y.Map<unknown>;
} {
	const aggregates = new Map<string, unknown>();
	for (const [framework, rows] of readAggregates(tally)) {
		for (const [ideaId, row] of rows) aggregates.set(`${framework}|${ideaId}`, row);
	}
	return { aggregates, individual: tally.getMap('individual') };
}

/**
 * One ranking across the enabled frameworks: each framework ranks the ideas by the mean of its
 * voters' scores, each rank is normalised to 0 (first) … 1 (last), and an idea's combined score
 * is the mean of its normalised ranks over the frameworks that rank it. The confidence of each
 * place comes from resampling the voters (bootstrap, with replacement, per framework): how often
 * the idea stays in the top `topK` ("#3, stays in the top 5 in 92 % of resamples").
 */

/** One framework's scores: per voter, idea id → score, higher is better. */
export type FrameworkScores = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface CombinedRow {
	ideaId: string;
	/** 1 = first. */
	rank: number;
	/** Mean normalised rank, 0 (first everywhere) … 1 (last everywhere). */
	score: number;
	/** Share of resamples (0–1) in which the idea ranks within the top `topK`. */
	topShare: number;
}

export interface CombinedOptions {
	topK?: number;
	samples?: number;
	/** A source of uniform numbers in [0, 1): seeded in tests. */
	random?: () => number;
}

/** Ideas ranked by the mean of the voters' scores; ideas nobody scored are left out. */
function frameworkRanks(
	ideaIds: readonly string[],
	voters: readonly ReadonlyMap<string, number>[]
): Map<string, number> {
	const means: { id: string; mean: number }[] = [];
	for (const id of ideaIds) {
		let sum = 0;
		let count = 0;
		for (const scores of voters) {
			const score = scores.get(id);
			if (score === undefined || !Number.isFinite(score)) continue;
			sum += score;
			count++;
		}
		if (count > 0) means.push({ id, mean: sum / count });
	}
	means.sort((a, b) => b.mean - a.mean || (a.id < b.id ? -1 : 1));
	const last = Math.max(means.length - 1, 1);
	return new Map(means.map(({ id }, index) => [id, index / last]));
}

function combine(
	ideaIds: readonly string[],
	frameworks: readonly (readonly ReadonlyMap<string, number>[])[]
): { ideaId: string; score: number }[] {
	const ranks = frameworks.map((voters) => frameworkRanks(ideaIds, voters));
	const rows: { ideaId: string; score: number }[] = [];
	for (const ideaId of ideaIds) {
		const own = ranks.map((r) => r.get(ideaId)).filter((r) => r !== undefined);
		if (own.length > 0) rows.push({ ideaId, score: own.reduce((a, b) => a + b, 0) / own.length });
	}
	return rows.sort((a, b) => a.score - b.score || (a.ideaId < b.ideaId ? -1 : 1));
}

export function combinedRanking(
	ideaIds: readonly string[],
	frameworks: readonly FrameworkScores[],
	{ topK = 5, samples = 500, random = Math.random }: CombinedOptions = {}
): CombinedRow[] {
	const voterLists = frameworks.map((f) => [...f.values()]);
	const rows = combine(ideaIds, voterLists);
	const inTop = new Map(rows.map((row) => [row.ideaId, 0]));
	for (let s = 0; s < samples; s++) {
		const resampled = voterLists.map((voters) =>
			voters.map(() => voters[Math.floor(random() * voters.length)])
		);
		combine(ideaIds, resampled)
			.slice(0, topK)
			.forEach(({ ideaId }) => inTop.set(ideaId, (inTop.get(ideaId) ?? 0) + 1));
	}
	return rows.map((row, index) => ({
		...row,
		rank: index + 1,
		topShare: samples > 0 ? (inTop.get(row.ideaId) ?? 0) / samples : 0
	}));
}

import { formatScore, groupFromRow } from '$lib/charts/value-effort.ts';
import { plural } from '$lib/components/format.ts';
import type { FrameworkId } from '$lib/model/control.ts';
import { BUCKET_LABELS, BUCKETS, type Bucket } from '$lib/model/frameworks/moscow/moscow.ts';
import { quadrant } from '$lib/model/frameworks/matrix/matrix.ts';

type Row = Readonly<Record<string, unknown>>;

export interface StandingInput {
	/** The idea's row of the framework in the tally (`aggregates`), if any. */
	row: Row | undefined;
	/** Results of the framework may be shown (not blind, or revealed). */
	visible: boolean;
	/** How many people scored the idea in the framework (tally `votes`). */
	votes: number;
	/** How many people may vote. */
	voters: number;
}

const finite = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

const isBucket = (value: unknown): value is Bucket =>
	typeof value === 'string' && (BUCKETS as readonly string[]).includes(value);

/**
 * One line on where an idea stands in a framework, for the spotlight: the group's result when it
 * may be shown, else how many have voted. Rows come from the tally and are read defensively.
 */
export function standingOf(framework: FrameworkId, input: StandingInput): string {
	const { row, visible, votes, voters } = input;
	const voted = `${votes} of ${voters} voted`;
	if (!visible) return `Results hidden until the facilitator reveals them · ${voted}`;
	if (row?.hidden === true) return `${voted} · results show once 3 people have voted`;
	if (!row) return votes === 0 ? 'Nobody has scored it yet' : voted;
	switch (framework) {
		case 'matrix': {
			const group = groupFromRow(row);
			if (!group) return voted;
			const { value, effort } = group.median;
			return `${quadrant(group.median)} · value ${formatScore(value)}, effort ${formatScore(effort)} · placed by ${plural(group.count, 'person', 'people')}`;
		}
		case 'moscow': {
			if (isBucket(row.final)) return `Decided: ${BUCKET_LABELS[row.final]}`;
			if (!isBucket(row.consensus) || !finite(row.agreement)) return voted;
			return `Most say ${BUCKET_LABELS[row.consensus]} (${Math.round(row.agreement * 100)}% agree) · ${voted}`;
		}
		case 'dots':
			if (!finite(row.rank) || !finite(row.dots) || !finite(row.voters)) return voted;
			return `Rank ${row.rank} · ${plural(row.dots, 'dot')} from ${plural(row.voters, 'person', 'people')}`;
		case 'budget': {
			if (!finite(row.pledged) || !finite(row.backers)) return voted;
			const price = finite(row.price) ? ` of ${formatScore(row.price)}` : '';
			const bought = row.bought === true ? ' · bought' : '';
			return `${formatScore(row.pledged)}${price} pledged by ${plural(row.backers, 'person', 'people')}${bought}`;
		}
		default: {
			const ranking = row.ranking as Row | null | undefined;
			if (!ranking || !finite(ranking.rank) || !finite(ranking.score)) return voted;
			return `Rank ${ranking.rank} · score ${formatScore(ranking.score)} · ${voted}`;
		}
	}
}

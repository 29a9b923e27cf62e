import type { FrameworkId } from '$lib/model/control.ts';
import type { FrameworkViewProps } from '$lib/components/frameworks/types.ts';
import { completeAggregates } from '$lib/model/tally.ts';
import type { TallyContents } from '$lib/model/tally-derivation.ts';

export type TallyProps = Pick<
	FrameworkViewProps,
	'aggregates' | 'summary' | 'votes' | 'individual' | 'voters' | 'rejected'
>;

type Individual = FrameworkViewProps['individual'] extends ReadonlyMap<string, infer V> ? V : never;

/**
 * What one framework view receives from the tally, for one person: the tally's maps are keyed
 * `<framework>|<ideaId>` (docs/documents.md), the view's by idea id.
 */
export function tallyProps(
	contents: TallyContents,
	framework: FrameworkId,
	userId: string
): TallyProps {
	const prefix = `${framework}|`;
	const byIdea = <T>(map: Map<string, unknown> | undefined, read: (v: unknown) => T | null) => {
		const out = new Map<string, T>();
		for (const [key, value] of map ?? []) {
			if (!key.startsWith(prefix)) continue;
			const parsed = read(value);
			if (parsed !== null) out.set(key.slice(prefix.length), parsed);
		}
		return out;
	};
	const record = (v: unknown) =>
		typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;

	const individual = new Map<string, Individual>();
	for (const [key, value] of contents.maps.individual ?? []) {
		if (!key.startsWith(prefix)) continue;
		const [ideaId, personId] = key.slice(prefix.length).split('|');
		const {
			name,
			function: fn,
			entry
		} = value as { name: string; function: string; entry: unknown };
		const list = individual.get(ideaId) ?? [];
		list.push({ userId: personId, name, function: fn, entry });
		individual.set(ideaId, list);
	}
	const summary = record(contents.maps.summary?.get(framework));
	const voters = contents.maps.status?.get('voters');
	return {
		// Ranked as the room's client ranks them (TallySync.aggregates).
		aggregates: completeAggregates(framework, byIdea(contents.maps.aggregates, record)),
		summary,
		votes: byIdea(contents.maps.votes, (v) => (typeof v === 'number' ? v : null)),
		individual,
		voters: typeof voters === 'number' ? voters : 0,
		rejected: byIdea(contents.rejected.get(userId), (v) => (typeof v === 'string' ? v : null))
	};
}

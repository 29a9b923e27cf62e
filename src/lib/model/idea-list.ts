import { LIMITS } from './board.ts';

/** One line of a pasted list, as it will be added. */
export interface ListedIdea {
	title: string;
	/** The line was longer than a title may be, and is cut. */
	cut: boolean;
}

/**
 * The ideas in a pasted list, one per line: bullets and numbering ("- ", "* ", "• ", "1. ",
 * "2) ") are dropped, empty lines and repeats of an earlier line skipped, long lines cut to a
 * title's limit. Pure, so the preview shows exactly what adding will do.
 */
export function parseIdeaList(text: string): ListedIdea[] {
	const seen = new Set<string>();
	const ideas: ListedIdea[] = [];
	for (const line of text.split(/\r?\n/)) {
		const title = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
		if (title === '' || seen.has(title.toLowerCase())) continue;
		seen.add(title.toLowerCase());
		const cut = title.length > LIMITS.title;
		ideas.push({ title: cut ? title.slice(0, LIMITS.title).trim() : title, cut });
	}
	return ideas;
}

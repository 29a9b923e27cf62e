import * as Y from 'yjs';
import { FRAMEWORK_IDS, type FrameworkId } from './control.ts';
import { SCORING_NOT_OPEN } from './session.ts';

/**
 * A participant's `ballot` document: their own entries per framework, written by them alone
 * (and read by the server). The server writes back `rejected`: entries it ignored, with why.
 * See docs/documents.md.
 */

export function entriesOf(doc: Y.Doc, framework: FrameworkId): Y.Map<unknown> {
	return doc.getMap(framework);
}

export function setEntry(doc: Y.Doc, framework: FrameworkId, ideaId: string, entry: unknown): void {
	entriesOf(doc, framework).set(ideaId, entry);
}

export function clearEntry(doc: Y.Doc, framework: FrameworkId, ideaId: string): void {
	entriesOf(doc, framework).delete(ideaId);
}

/** Every framework's raw entries, untrusted. */
export function readRawBallot(doc: Y.Doc): Map<FrameworkId, Map<string, unknown>> {
	const ballot = new Map<FrameworkId, Map<string, unknown>>();
	for (const framework of FRAMEWORK_IDS) {
		const entries = new Map<string, unknown>();
		doc.getMap(framework).forEach((value, ideaId) => entries.set(ideaId, value));
		ballot.set(framework, entries);
	}
	return ballot;
}

/** Key of a rejection: `<framework>|<ideaId>`. */
export function rejectionKey(framework: FrameworkId, ideaId: string): string {
	return `${framework}|${ideaId}`;
}

export function rejectedMap(doc: Y.Doc): Y.Map<string> {
	return doc.getMap('rejected');
}

/** The reasons the server gave for ignoring this ballot's entries, by rejection key. */
export function readRejections(doc: Y.Doc): Map<string, string> {
	const rejections = new Map<string, string>();
	rejectedMap(doc).forEach((reason, key) => {
		if (typeof reason === 'string') rejections.set(key, reason);
	});
	return rejections;
}

/**
 * The rejections of a ballot written before scoring opened ([RM8]): every entry of the enabled
 * frameworks, each told why it does not count.
 */
export function refusedBeforeScoring(
	entries: ReadonlyMap<FrameworkId, ReadonlyMap<string, unknown>>,
	frameworks: readonly FrameworkId[]
): Map<string, string> {
	const refused = new Map<string, string>();
	for (const framework of frameworks) {
		for (const ideaId of entries.get(framework)?.keys() ?? []) {
			refused.set(rejectionKey(framework, ideaId), SCORING_NOT_OPEN);
		}
	}
	return refused;
}

import * as Y from 'yjs';
import { readOutcome, type Outcome } from '../src/lib/model/outcome.ts';
import type { App } from './app.ts';
import {
	createShareLink,
	findShareLink,
	listShareLinks,
	revokeShareLink,
	type ShareLink
} from './db/share-links.ts';
import { getWorkshop, listMembers, type Workshop } from './db/workshops.ts';
import { AppError } from './errors.ts';
import { documentName } from './sync/documents.ts';
import { CloseCode } from './sync/protocol.ts';
import { optionalString } from './validation.ts';
import { requireFacilitator } from './workshops.ts';

/** Open event streams per share link, closed when the link is revoked. */
const streams = new Map<string, Set<() => void>>();

export async function shareWorkshop(
	app: App,
	userId: string,
	workshopId: string,
	input: Record<string, unknown>
): Promise<{ token: string; link: ShareLink }> {
	await requireFacilitator(app, userId, workshopId, 'share links');
	const label = optionalString(input, 'label', { max: 80, label: 'Label' });
	let expiresAt: Date | null = null;
	if (input.expiresInDays !== undefined && input.expiresInDays !== null) {
		const days = input.expiresInDays;
		if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365) {
			throw new AppError(
				'bad_request',
				'expiresInDays must be a whole number from 1 to 365',
				'expiresInDays'
			);
		}
		expiresAt = new Date(Date.now() + days * 86_400_000);
	}
	return createShareLink(app.db, { workshopId, label, createdBy: userId, expiresAt });
}

export async function sharedLinksOf(app: App, userId: string, workshopId: string) {
	await requireFacilitator(app, userId, workshopId, 'share links');
	return listShareLinks(app.db, workshopId);
}

/** Revokes a link: its open connections and event streams end at once. */
export async function revokeShare(app: App, userId: string, workshopId: string, linkId: string) {
	await requireFacilitator(app, userId, workshopId, 'share links');
	if (!(await revokeShareLink(app.db, workshopId, linkId))) {
		throw new AppError('not_found', 'No such link, or it was already revoked');
	}
	app.sync.revoke({ shareLinkId: linkId, code: CloseCode.AccessRevoked });
	for (const close of streams.get(linkId) ?? []) close();
}

export interface SharedView {
	workshop: Workshop;
	link: ShareLink;
	outcome: Outcome;
	/** Who took part, by function (viewers are not counted). */
	participants: { function: string; count: number }[];
	updatedAt: Date;
}

export type SharedPage =
	{ ok: true; view: SharedView } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

/** What a share link shows, read from the live documents (or the stored ones). */
export async function readShared(app: App, token: string): Promise<SharedPage> {
	const found = await findShareLink(app.db, token);
	if (!found.ok) return found;
	const { link } = found;
	const workshop = await getWorkshop(app.db, link.workshopId);
	if (!workshop) return { ok: false, reason: 'unknown' };
	const rooms = await Promise.all(
		(['board', 'control', 'tally'] as const).map((kind) =>
			app.rooms.acquire(documentName({ kind, workshopId: link.workshopId }))
		)
	);
	let outcome: Outcome;
	try {
		const [board, control, tally] = rooms.map((room) => room.doc as Y.Doc);
		outcome = readOutcome(board, control, tally);
	} finally {
		await Promise.all(rooms.map((room) => app.rooms.release(room)));
	}
	const counts = new Map<string, number>();
	for (const member of await listMembers(app.db, link.workshopId)) {
		if (member.role === 'viewer') continue;
		counts.set(member.function, (counts.get(member.function) ?? 0) + 1);
	}
	return {
		ok: true,
		view: {
			workshop,
			link,
			outcome,
			participants: [...counts]
				.map(([fn, count]) => ({ function: fn, count }))
				.sort((a, b) => b.count - a.count || (a.function < b.function ? -1 : 1)),
			updatedAt: new Date()
		}
	};
}

/**
 * Streams "changed" events for a share link's workshop (at most one a second) until the client
 * leaves or the link is revoked. Keeps the workshop live, so its tally follows the votes.
 */
export async function watchShared(
	app: App,
	token: string,
	send: (event: 'changed' | 'revoked') => void,
	end: () => void
): Promise<(() => void) | null> {
	const found = await findShareLink(app.db, token);
	if (!found.ok) return null;
	const { link } = found;
	await app.live.connected(link.workshopId, `share:${link.id}`);
	let timer: NodeJS.Timeout | undefined;
	const unsubscribe = app.live.subscribe(link.workshopId, () => {
		timer ??= setTimeout(() => {
			timer = undefined;
			send('changed');
		}, 1000);
	});
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		clearTimeout(timer);
		unsubscribe();
		streams.get(link.id)?.delete(revoked);
		void app.live.disconnected(link.workshopId);
	};
	const revoked = () => {
		send('revoked');
		stop();
		end();
	};
	let open = streams.get(link.id);
	if (!open) streams.set(link.id, (open = new Set()));
	open.add(revoked);
	return stop;
}

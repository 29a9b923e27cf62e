import { onMount } from 'svelte';
import type { Role } from '$server/db/workshops.ts';
import { isVoter, permissions, type Permissions } from './permissions.ts';
import { BallotSync } from './ballot.svelte.ts';
import { BoardSync } from './board.svelte.ts';
import { combinedStatus, type ConnectionStatus } from './connection.ts';
import { ControlSync } from './control.svelte.ts';
import type { SyncedDocument } from './document.svelte.ts';
import type { PresenceUser } from './presence.ts';
import { TallySync } from './tally.svelte.ts';

export interface WorkshopSessionOptions {
	workshopId: string;
	role: Role;
	user: PresenceUser;
}

const DOCUMENT_NAMES = ['board', 'control', 'ballot', 'tally'] as const;

/**
 * Everything a member has open in a workshop's room: the board (ideas, presence), the control
 * document (settings, phase, lock, timer), their own ballot (voters only: observers and viewers
 * have none, and the server refuses to open one for them) and the tally. One socket per document;
 * permissions are decided per document by the server, so this keeps them apart too.
 */
export class WorkshopSession {
	readonly workshopId: string;
	readonly role: Role;
	readonly user: PresenceUser;
	readonly board: BoardSync;
	readonly control: ControlSync;
	readonly ballot: BallotSync | null;
	readonly tally: TallySync;

	constructor(options: WorkshopSessionOptions) {
		const { workshopId, role, user } = options;
		this.workshopId = workshopId;
		this.role = role;
		this.user = user;
		this.control = new ControlSync(workshopId, { canWrite: role === 'facilitator' });
		this.board = new BoardSync({
			workshopId,
			user,
			// Observers are in the room (present) but, like viewers, change nothing.
			readOnly: !isVoter(role),
			present: role !== 'viewer',
			mayWrite: () => this.permissions.canEditIdeas
		});
		this.ballot = isVoter(role)
			? new BallotSync({
					workshopId,
					userId: user.id,
					mayWrite: () => this.permissions.canVote,
					permissionsKnown: () => this.control.whenSynced()
				})
			: null;
		this.tally = new TallySync(workshopId);
	}

	get #documents(): SyncedDocument[] {
		return [this.board, this.control, this.ballot, this.tally].filter((d) => d !== null);
	}

	/** What the user may change now, from their role and the control document's phase and lock. */
	get permissions(): Permissions {
		return permissions(this.role, this.control.gate);
	}

	/** The room's connection: live only when every document is (see combinedStatus). */
	get status(): ConnectionStatus {
		return combinedStatus(this.#documents.map((d) => d.status));
	}

	/** Why the server closed one of the documents for good, naming it. */
	get closedReason(): string | null {
		const documents = [this.board, this.control, this.ballot, this.tally];
		for (const [i, document] of documents.entries()) {
			const reason = document?.closedReason;
			if (reason) return `${DOCUMENT_NAMES[i]}: ${reason}`;
		}
		return null;
	}

	/** Every document has been received at least once. */
	get loaded(): boolean {
		return this.#documents.every((d) => d.loaded);
	}

	/** Opens every document; the returned function closes them all. */
	connect(): () => void {
		const cleanups = this.#documents.map((d) => d.connect());
		return () => cleanups.forEach((cleanup) => cleanup());
	}

	/** Reconnects the documents the server closed for good. */
	reconnect(): void {
		for (const document of this.#documents) document.reconnect();
	}
}

/**
 * Creates a workshop session for the component being initialised, connected while that
 * component is mounted (never during server rendering).
 */
export function useWorkshopSession(options: WorkshopSessionOptions): WorkshopSession {
	const session = new WorkshopSession(options);
	onMount(() => session.connect());
	return session;
}

import { onMount } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { functionsHidden } from '$lib/model/control.ts';
import { isVoter, type Role } from '$lib/model/members.ts';
import { permissions, type Permissions } from './permissions.ts';
import { BallotSync } from './ballot.svelte.ts';
import { BoardSync } from './board.svelte.ts';
import { combinedStatus, type ConnectionStatus } from './connection.ts';
import { ControlSync } from './control.svelte.ts';
import type { SyncedDocument } from './document.svelte.ts';
import { withoutFunction, type PresenceUser } from './presence.ts';
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
 *
 * A facilitator may also vote for proxy people (in the room without a device): `voteAs` opens
 * that person's ballot, which `ballot` then returns in place of their own.
 */
export class WorkshopSession {
	readonly workshopId: string;
	readonly role: Role;
	readonly user: PresenceUser;
	readonly board: BoardSync;
	readonly control: ControlSync;
	/** The member's own ballot (voters only). */
	readonly ownBallot: BallotSync | null;
	readonly tally: TallySync;
	/** Proxy people's ballots opened in this session, with their disconnect once connected. */
	readonly #proxyBallots = new SvelteMap<string, { ballot: BallotSync; disconnect?: () => void }>();
	#votingAs = $state<string | null>(null);
	#connected = false;

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
		this.ownBallot = isVoter(role)
			? new BallotSync({
					workshopId,
					userId: user.id,
					mayWrite: () => this.permissions.canVote,
					permissionsKnown: () => this.control.whenSynced()
				})
			: null;
		this.tally = new TallySync(workshopId);
	}

	/** Whose ballot the framework views read and write: null for the member's own. */
	get votingAs(): string | null {
		return this.#votingAs;
	}

	/** The ballot the framework views use: the member's own, or the proxy person's voted for. */
	get ballot(): BallotSync | null {
		const proxy = this.#votingAs && this.#proxyBallots.get(this.#votingAs);
		return proxy ? proxy.ballot : this.ownBallot;
	}

	/**
	 * Votes for a proxy person (their user id) from now on, or for yourself again (null).
	 * Facilitators only: the server opens a proxy's ballot to nobody else ([V10]). A facilitator is
	 * never held back by the phase, so the proxy's ballot is always writable.
	 */
	voteAs(proxyId: string | null): void {
		if (proxyId !== null && this.role !== 'facilitator') {
			throw new Error('Only facilitators vote for proxy people');
		}
		if (proxyId !== null && !this.#proxyBallots.has(proxyId)) {
			const ballot = new BallotSync({
				workshopId: this.workshopId,
				userId: proxyId,
				mayWrite: () => true,
				permissionsKnown: () => this.control.whenSynced()
			});
			this.#proxyBallots.set(proxyId, {
				ballot,
				disconnect: this.#connected ? ballot.connect() : undefined
			});
		}
		this.#votingAs = proxyId;
	}

	/** Closes a proxy person's ballot (they were removed); voting goes back to your own. */
	forgetProxy(proxyId: string): void {
		if (this.#votingAs === proxyId) this.#votingAs = null;
		this.#proxyBallots.get(proxyId)?.disconnect?.();
		this.#proxyBallots.delete(proxyId);
	}

	/** The member's own documents; proxy ballots come and go and are not part of the status. */
	get #documents(): SyncedDocument[] {
		return [this.board, this.control, this.ownBallot, this.tally].filter((d) => d !== null);
	}

	/**
	 * "n of N have voted": N is who may vote now, or, once voting closed, who could vote while it
	 * was open (people who joined later had no chance to).
	 */
	get voters(): number {
		return this.control.electorate ?? this.tally.voters;
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
		const documents = [this.board, this.control, this.ownBallot, this.tally];
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
		this.#connected = true;
		const cleanups = this.#documents.map((d) => d.connect());
		for (const proxy of this.#proxyBallots.values()) proxy.disconnect ??= proxy.ballot.connect();
		return () => {
			this.#connected = false;
			cleanups.forEach((cleanup) => cleanup());
			for (const proxy of this.#proxyBallots.values()) {
				proxy.disconnect?.();
				proxy.disconnect = undefined;
			}
		};
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
	// While the facilitator hides functions, announce none; at the reveal, announce again whole
	// (the server strips them from presence meanwhile anyway, SPEC [F1]).
	$effect(() => {
		const hidden = functionsHidden(session.control.settings);
		session.board.announceUser(hidden ? withoutFunction(session.user) : session.user);
	});
	return session;
}

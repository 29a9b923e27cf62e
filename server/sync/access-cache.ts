import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { parseSessionToken, type SessionAuth } from '../auth/sessions.ts';
import type { Role } from '../db/workshops.ts';

/** A lookup shared by the upgrades that ask while it runs and for `lifetimeMs` after. */
interface Entry<T> {
	value: Promise<T>;
	/** performance.now() after which the entry is not used. */
	until: number;
}

interface SessionEntry extends Entry<SessionAuth | null> {
	/** The hash of the secret the lookup was made with: another secret for the id misses. */
	secretHash: Uint8Array;
}

const hashSecret = (secret: string) => sha256(new TextEncoder().encode(secret));

/**
 * Who a session is and what role a user has in a workshop, as the first upgrade of a burst read
 * them, so that the other documents a participant opens at the same time (board, control, ballot,
 * tally) cost no database round trip ([TJ1]). Only admissions are kept: a lookup that refuses is
 * forgotten at once, so joining through an invite counts at the next upgrade. The sync server
 * forgets a session when it ends and everything whenever it closes connections for a change of
 * access (removal, role change, a phase or lock, a revoked link); changes made to the database by
 * any other path (another process, a password reset) reach new upgrades within `lifetimeMs`.
 */
export class AccessCache {
	readonly #lifetimeMs: number;
	/** By session id. */
	readonly #sessions = new Map<string, SessionEntry>();
	/** By workshop and user. */
	readonly #roles = new Map<string, Entry<Role | undefined>>();
	#nextSweep = 0;

	constructor(lifetimeMs: number) {
		this.#lifetimeMs = lifetimeMs;
	}

	/** The session and user for a cookie value, read with `load` unless a recent upgrade did. */
	async session(
		token: string,
		load: () => Promise<SessionAuth | null>,
		now = new Date()
	): Promise<SessionAuth | null> {
		const parsed = parseSessionToken(token);
		if (!parsed || this.#lifetimeMs <= 0) return load();
		const secretHash = hashSecret(parsed.secret);
		const cached = this.#sessions.get(parsed.id);
		if (
			cached &&
			cached.until > performance.now() &&
			constantTimeEqual(cached.secretHash, secretHash)
		) {
			// A refusal is the answer of a lookup that ran just now: it is shared, not kept.
			const auth = await cached.value;
			if (!auth || auth.session.expiresAt.getTime() > now.getTime()) return auth;
		}
		const entry: SessionEntry = { value: load(), until: this.#until(), secretHash };
		return this.#keep(this.#sessions, parsed.id, entry, (auth) => auth !== null);
	}

	/** The user's role in the workshop, read with `load` unless a recent upgrade did. */
	async role(
		workshopId: string,
		userId: string,
		load: () => Promise<Role | undefined>
	): Promise<Role | undefined> {
		if (this.#lifetimeMs <= 0) return load();
		const key = `${workshopId} ${userId}`;
		const cached = this.#roles.get(key);
		if (cached && cached.until > performance.now()) {
			return cached.value;
		}
		const entry = { value: load(), until: this.#until() };
		return this.#keep(this.#roles, key, entry, (role) => role !== undefined);
	}

	/** The session ended (sign-out, expiry, deletion): its next upgrade reads it again. */
	forgetSession(sessionId: string): void {
		this.#sessions.delete(sessionId);
	}

	/** Someone's access changed: every next upgrade reads sessions and roles again. */
	forgetAll(): void {
		this.#sessions.clear();
		this.#roles.clear();
	}

	get size(): number {
		return this.#sessions.size + this.#roles.size;
	}

	#until(): number {
		return performance.now() + this.#lifetimeMs;
	}

	/**
	 * Shares the lookup while it runs and keeps what it found if it admits; a failed or refusing
	 * lookup, or one that was forgotten meanwhile, leaves no entry behind.
	 */
	async #keep<T, E extends Entry<T>>(
		map: Map<string, E>,
		key: string,
		entry: E,
		admits: (value: T) => boolean
	): Promise<T> {
		this.#sweep();
		map.set(key, entry);
		try {
			const value = await entry.value;
			if (!admits(value) && map.get(key) === entry) map.delete(key);
			return value;
		} catch (error) {
			if (map.get(key) === entry) map.delete(key);
			throw error;
		}
	}

	/** Drops expired entries, at most once per lifetime, so the maps hold only recent upgrades. */
	#sweep() {
		const now = performance.now();
		if (now < this.#nextSweep) return;
		this.#nextSweep = now + this.#lifetimeMs;
		for (const map of [this.#sessions, this.#roles] as Map<string, Entry<unknown>>[]) {
			for (const [key, entry] of map) if (entry.until <= now) map.delete(key);
		}
	}
}

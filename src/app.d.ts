import type { Session, SessionUser } from '$server/auth/sessions.ts';
import type { DatabaseUnavailable } from '$server/db/outage.ts';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Set when the request failed because the database could not be reached. */
			outage?: DatabaseUnavailable;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};

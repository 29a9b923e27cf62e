import type { Queryable } from './connection.ts';
import { newId } from './ids.ts';
import { sql } from './sql.ts';

export interface UserRow {
	id: string;
	email: string | null;
	name: string;
	function: string;
	password_hash: string | null;
	is_guest: boolean;
}

export async function insertUser(
	db: Queryable,
	user: { email: string | null; name: string; function: string; passwordHash: string | null }
): Promise<UserRow> {
	const id = newId();
	const rows = await db.query<UserRow>(sql`
		insert into users (id, email, name, function, password_hash, is_guest)
		values (${id}, ${user.email}, ${user.name}, ${user.function}, ${user.passwordHash}, ${user.email === null})
		on conflict (email) do nothing
		returning id, email, name, function, password_hash, is_guest`);
	return rows[0];
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
	const rows = await db.query<UserRow>(
		sql`select id, email, name, function, password_hash, is_guest from users where email = ${email}`
	);
	return rows[0];
}

export async function updateUserProfile(
	db: Queryable,
	userId: string,
	profile: { name: string; function: string }
): Promise<void> {
	await db.query(
		sql`update users set name = ${profile.name}, function = ${profile.function} where id = ${userId}`
	);
}

import type { Queryable } from '../db/connection.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';

/**
 * Who is acting: a signed-in person, or an API key, which acts only on its own product (and can
 * never manage keys, members or settings).
 */
export type Actor =
	{ kind: 'user'; userId: string } | { kind: 'key'; keyId: string; productId: string };

export type ProductRole = 'owner' | 'member';

export interface ProductAccess {
	productId: string;
	/** An API key counts as a member. */
	role: ProductRole;
	/** The person acting, for created_by columns; null for an API key. */
	userId: string | null;
}

export const userActor = (userId: string): Actor => ({ kind: 'user', userId });

/**
 * The actor's access to a product. Anyone who is not a member (another product's member, another
 * product's key) learns only that there is no such product: 404, never 403, so ids are not probed.
 */
export async function requireProduct(
	db: Queryable,
	actor: Actor,
	productId: string,
	need: ProductRole = 'member'
): Promise<ProductAccess> {
	if (actor.kind === 'key') {
		if (actor.productId !== productId) throw new AppError('not_found', 'No such product');
		if (need === 'owner') {
			throw new AppError('forbidden', 'An API key cannot change keys, members or settings');
		}
		return { productId, role: 'member', userId: null };
	}
	const rows = await db.query<{ role: ProductRole }>(
		sql`select role from product_members where product_id = ${productId} and user_id = ${actor.userId}`
	);
	const role = rows[0]?.role;
	if (!role) throw new AppError('not_found', 'No such product');
	if (need === 'owner' && role !== 'owner') {
		throw new AppError('forbidden', 'Only an owner of this product can do that');
	}
	return { productId, role, userId: actor.userId };
}

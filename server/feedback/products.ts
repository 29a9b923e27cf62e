import type { Database, Queryable } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../errors.ts';
import { requireString } from '../validation.ts';
import { requireProduct, type Actor, type ProductRole } from './access.ts';

export interface Product {
	id: string;
	name: string;
	slug: string;
	portalEnabled: boolean;
	createdAt: Date;
}

export interface ProductSummary extends Product {
	role: ProductRole;
}

export interface ProductMember {
	userId: string;
	name: string;
	email: string | null;
	role: ProductRole;
}

const PRODUCT_LIMITS = { name: 80, slug: 60 } as const;

interface ProductRow {
	id: string;
	name: string;
	slug: string;
	portal_enabled: boolean;
	created_at: Date;
}

const toProduct = (r: ProductRow): Product => ({
	id: r.id,
	name: r.name,
	slug: r.slug,
	portalEnabled: r.portal_enabled,
	createdAt: new Date(r.created_at)
});

/** "Acme Mobile App!" → "acme-mobile-app": lowercase letters and digits joined by single hyphens. */
export function slugify(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, PRODUCT_LIMITS.slug)
		.replace(/-+$/, '');
	return slug || 'product';
}

function readSlug(input: Record<string, unknown>): string {
	const raw = requireString(input, 'slug', { max: PRODUCT_LIMITS.slug, label: 'URL name' });
	if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(raw)) {
		throw new AppError(
			'bad_request',
			'URL name may hold lowercase letters, digits and single hyphens',
			'slug'
		);
	}
	return raw;
}

async function slugTaken(db: Queryable, slug: string, except = ''): Promise<boolean> {
	const rows = await db.query(sql`select 1 from products where slug = ${slug} and id <> ${except}`);
	return rows.length > 0;
}

/** Creates a product with its creator as owner; the slug comes from the name unless given. */
export async function createProduct(
	db: Database,
	userId: string,
	input: Record<string, unknown>
): Promise<Product> {
	const name = requireString(input, 'name', { max: PRODUCT_LIMITS.name, label: 'Name' });
	let slug: string;
	if (input.slug !== undefined && input.slug !== '') {
		slug = readSlug(input);
		if (await slugTaken(db, slug)) {
			throw new AppError('conflict', 'Another product already uses this URL name', 'slug');
		}
	} else {
		const base = slugify(name);
		slug = base;
		for (let n = 2; await slugTaken(db, slug); n++) slug = `${base}-${n}`;
	}
	const id = newId();
	return db.transaction(async (tx) => {
		const rows = await tx.query<ProductRow>(sql`
			insert into products (id, name, slug, created_by) values (${id}, ${name}, ${slug}, ${userId})
			returning id, name, slug, portal_enabled, created_at`);
		await tx.query(
			sql`insert into product_members (product_id, user_id, role) values (${id}, ${userId}, 'owner')`
		);
		return toProduct(rows[0]);
	});
}

export async function listProducts(db: Queryable, userId: string): Promise<ProductSummary[]> {
	const rows = await db.query<ProductRow & { role: ProductRole }>(sql`
		select p.id, p.name, p.slug, p.portal_enabled, p.created_at, m.role
		from product_members m join products p on p.id = m.product_id
		where m.user_id = ${userId}
		order by p.name, p.id`);
	return rows.map((r) => ({ ...toProduct(r), role: r.role }));
}

export async function getProduct(
	db: Queryable,
	actor: Actor,
	productId: string
): Promise<ProductSummary> {
	const access = await requireProduct(db, actor, productId);
	const rows = await db.query<ProductRow>(
		sql`select id, name, slug, portal_enabled, created_at from products where id = ${productId}`
	);
	return { ...toProduct(rows[0]), role: access.role };
}

/** The product behind a portal address, whether or not its portal is on. */
export async function findProductBySlug(db: Queryable, slug: string): Promise<Product | undefined> {
	const rows = await db.query<ProductRow>(
		sql`select id, name, slug, portal_enabled, created_at from products where slug = ${slug}`
	);
	return rows[0] && toProduct(rows[0]);
}

/** Owners rename, change the slug, and turn the portal on or off. */
export async function updateProduct(
	db: Queryable,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
): Promise<Product> {
	await requireProduct(db, actor, productId, 'owner');
	const name =
		input.name === undefined
			? null
			: requireString(input, 'name', { max: PRODUCT_LIMITS.name, label: 'Name' });
	const slug = input.slug === undefined ? null : readSlug(input);
	if (slug && (await slugTaken(db, slug, productId))) {
		throw new AppError('conflict', 'Another product already uses this URL name', 'slug');
	}
	if (input.portalEnabled !== undefined && typeof input.portalEnabled !== 'boolean') {
		throw new AppError('bad_request', 'portalEnabled must be true or false', 'portalEnabled');
	}
	const portal = (input.portalEnabled as boolean | undefined) ?? null;
	const rows = await db.query<ProductRow>(sql`
		update products set name = coalesce(${name}, name), slug = coalesce(${slug}, slug),
			portal_enabled = coalesce(${portal}::boolean, portal_enabled)
		where id = ${productId}
		returning id, name, slug, portal_enabled, created_at`);
	return toProduct(rows[0]);
}

export async function listProductMembers(
	db: Queryable,
	actor: Actor,
	productId: string
): Promise<ProductMember[]> {
	await requireProduct(db, actor, productId);
	const rows = await db.query<{
		user_id: string;
		name: string;
		email: string | null;
		role: ProductRole;
	}>(sql`
		select m.user_id, u.name, u.email, m.role
		from product_members m join users u on u.id = m.user_id
		where m.product_id = ${productId}
		order by m.joined_at, u.name`);
	return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role }));
}

/** An owner adds a registered person by email, as owner or member (again: changes the role). */
export async function addProductMember(
	db: Queryable,
	actor: Actor,
	productId: string,
	input: Record<string, unknown>
): Promise<ProductMember> {
	await requireProduct(db, actor, productId, 'owner');
	const email = requireString(input, 'email', { max: 254, label: 'Email' });
	const role = input.role === undefined ? 'member' : input.role;
	if (role !== 'owner' && role !== 'member') {
		throw new AppError('bad_request', 'role must be one of: owner, member', 'role');
	}
	const users = await db.query<{ id: string; name: string; email: string }>(
		sql`select id, name, email from users where lower(email) = lower(${email})`
	);
	if (!users[0]) {
		throw new AppError('not_found', 'Nobody has an account with this email yet', 'email');
	}
	if (role === 'member') await keepAnOwner(db, productId, users[0].id);
	await db.query(sql`
		insert into product_members (product_id, user_id, role) values (${productId}, ${users[0].id}, ${role})
		on conflict (product_id, user_id) do update set role = excluded.role`);
	return { userId: users[0].id, name: users[0].name, email: users[0].email, role };
}

export async function removeProductMember(
	db: Queryable,
	actor: Actor,
	productId: string,
	userId: string
): Promise<void> {
	// Anyone may leave; only an owner removes someone else.
	const self = actor.kind === 'user' && actor.userId === userId;
	await requireProduct(db, actor, productId, self ? 'member' : 'owner');
	await keepAnOwner(db, productId, userId);
	await db.query(
		sql`delete from product_members where product_id = ${productId} and user_id = ${userId}`
	);
}

/** A product always keeps one owner: the last one cannot leave or become a member. */
async function keepAnOwner(db: Queryable, productId: string, leaving: string) {
	const rows = await db.query<{ user_id: string }>(
		sql`select user_id from product_members where product_id = ${productId} and role = 'owner'`
	);
	if (rows.length === 1 && rows[0].user_id === leaving) {
		throw new AppError('conflict', 'A product needs an owner; make someone else one first');
	}
}

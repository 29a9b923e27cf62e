-- Named versions of a workshop: full Yjs snapshots of its board, control and tally documents.
create table versions (
	id text primary key,
	workshop_id text not null references workshops (id) on delete cascade,
	name text not null,
	-- manual: saved by a facilitator; phase: saved at a phase change; restore: saved before a restore.
	kind text not null check (kind in ('manual', 'phase', 'restore', 'decision')),
	board bytea not null,
	control bytea not null,
	tally bytea not null,
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now()
);
create index versions_workshop on versions (workshop_id, created_at);

-- Read-only links for people without an account (executives). Only the token's SHA-256 is kept.
create table share_links (
	id text primary key,
	token_hash text not null unique,
	workshop_id text not null references workshops (id) on delete cascade,
	label text not null default '',
	created_by text not null references users (id),
	created_at timestamptz not null default now(),
	expires_at timestamptz,
	revoked_at timestamptz
);
create index share_links_workshop on share_links (workshop_id);

-- Accounts: registered people have an email and a password hash; guests have neither.
create table users (
	id text primary key,
	email text unique,
	name text not null,
	function text not null default 'Other',
	password_hash text,
	is_guest boolean not null default false,
	created_at timestamptz not null default now()
);

-- A session token is "<id>.<secret>"; only the SHA-256 of the secret is stored, so a database
-- leak grants no session, and the secret is compared in constant time.
create table sessions (
	id text primary key,
	secret_hash bytea not null,
	user_id text not null references users (id) on delete cascade,
	expires_at timestamptz not null
);
create index sessions_user_id on sessions (user_id);

create table workshops (
	id text primary key,
	title text not null,
	description text not null default '',
	created_by text not null references users (id),
	created_at timestamptz not null default now()
);

create table memberships (
	workshop_id text not null references workshops (id) on delete cascade,
	user_id text not null references users (id) on delete cascade,
	role text not null check (role in ('facilitator', 'participant', 'viewer')),
	joined_at timestamptz not null default now(),
	primary key (workshop_id, user_id)
);
create index memberships_user_id on memberships (user_id);

-- Invite links: the token itself is shown once; only its SHA-256 (hex) is kept.
create table invites (
	id text primary key,
	token_hash text not null unique,
	workshop_id text not null references workshops (id) on delete cascade,
	role text not null check (role in ('participant', 'viewer')),
	created_by text not null references users (id),
	created_at timestamptz not null default now(),
	revoked_at timestamptz
);
create index invites_workshop_id on invites (workshop_id);

-- Yjs documents: an append-only log of updates, folded into one snapshot by compaction.
create table document_updates (
	id bigserial primary key,
	document text not null,
	data bytea not null,
	created_at timestamptz not null default now()
);
create index document_updates_document on document_updates (document, id);

create table document_snapshots (
	document text primary key,
	data bytea not null,
	updated_at timestamptz not null default now()
);

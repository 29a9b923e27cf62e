-- The feedback board (DESIGN.md "Products, feedback and ideas"): products above workshops, the
-- feedback that arrives from every channel, and the ideas it asks for. Relational, not Yjs: it is
-- queried and counted across thousands of rows.
create extension if not exists pg_trgm;

create table products (
	id text primary key,
	name text not null,
	-- The portal's address, /p/<slug>: lowercase letters, digits and single hyphens.
	slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	-- The public portal is off until an owner turns it on.
	portal_enabled boolean not null default false,
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now()
);

create table product_members (
	product_id text not null references products (id) on delete cascade,
	user_id text not null references users (id) on delete cascade,
	role text not null check (role in ('owner', 'member')),
	joined_at timestamptz not null default now(),
	primary key (product_id, user_id)
);
create index product_members_user on product_members (user_id);

-- A workshop may belong to a product (workshops made before products, or outside one, do not).
alter table workshops add column product_id text references products (id) on delete set null;
create index workshops_product on workshops (product_id);

-- Companies are edited in one place: ARR and segment live here, never on a feedback item.
create table companies (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	name text not null,
	arr double precision check (arr >= 0),
	segment text not null default '',
	created_at timestamptz not null default now()
);
create unique index companies_name on companies (product_id, lower(name));

-- People who asked: personal data. Erasure deletes the row; their feedback stays, anonymised,
-- with no requester (server/feedback/people.ts).
create table requesters (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	email text,
	name text not null default '',
	company_id text references companies (id) on delete set null,
	created_at timestamptz not null default now()
);
create unique index requesters_email on requesters (product_id, lower(email)) where email is not null;
create index requesters_company on requesters (company_id);

create table ideas (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	title text not null,
	description text not null default '',
	tags text[] not null default '{}',
	-- Issue 15 adds the workflow and its history table; the column and its values are here now.
	status text not null default 'open'
		check (status in ('open', 'under_review', 'planned', 'in_progress', 'shipped', 'declined')),
	status_changed_at timestamptz not null default now(),
	-- Shown on the portal (and votable there) only when the team marks it public.
	public boolean not null default false,
	-- A merge is a link: the duplicate keeps its feedback, so unmerge is lossless.
	merged_into text references ideas (id) on delete set null,
	merged_at timestamptz,
	-- An issue key from a CSV import (Jira PROJ-12, a Linear id): re-importing updates, never doubles.
	external_id text,
	-- Votes counted by the tool an idea was imported from; anonymous, so not part of demand.
	external_votes integer not null default 0,
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now(),
	-- Demand of the idea and everything merged into it, kept current whenever a link, a merge, a
	-- company or a requester changes (server/feedback/demand.ts), so sorting by it is an index scan.
	demand_requesters integer not null default 0,
	demand_companies integer not null default 0,
	demand_arr double precision not null default 0,
	demand_feedback integer not null default 0,
	demand_segments jsonb not null default '{}',
	search tsvector generated always as (
		to_tsvector('english', title || ' ' || description)
	) stored
);
create index ideas_product_demand on ideas (product_id, demand_requesters desc, created_at desc);
create index ideas_product_arr on ideas (product_id, demand_arr desc, created_at desc);
create index ideas_product_created on ideas (product_id, created_at desc);
create index ideas_merged_into on ideas (merged_into);
create index ideas_title_trgm on ideas using gin (title gin_trgm_ops);
create index ideas_search on ideas using gin (search);
create index ideas_tags on ideas using gin (tags);
create unique index ideas_external on ideas (product_id, external_id) where external_id is not null;

create table feedback (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	text text not null,
	source text not null check (source in ('team', 'portal', 'widget', 'api', 'import', 'workshop')),
	external_id text,
	requester_id text references requesters (id) on delete set null,
	company_id text references companies (id) on delete set null,
	idea_id text references ideas (id) on delete set null,
	state text not null default 'new' check (state in ('new', 'linked', 'archived')),
	received_at timestamptz not null default now(),
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now(),
	check ((state = 'linked') = (idea_id is not null))
);
create unique index feedback_external on feedback (product_id, external_id) where external_id is not null;
create index feedback_inbox on feedback (product_id, state, received_at desc);
create index feedback_idea on feedback (idea_id, received_at desc);
create index feedback_requester on feedback (requester_id);
create index feedback_company on feedback (company_id);

-- One portal vote per person per idea; a vote is a request, so it counts in demand.
create table idea_votes (
	idea_id text not null references ideas (id) on delete cascade,
	requester_id text not null references requesters (id) on delete cascade,
	created_at timestamptz not null default now(),
	primary key (idea_id, requester_id)
);
create index idea_votes_requester on idea_votes (requester_id);

-- API keys: the key is shown once; only its SHA-256 (hex) is kept, found by that hash.
create table api_keys (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	label text not null,
	key_hash text not null unique,
	-- The first characters of the key, so a list can tell keys apart without revealing them.
	prefix text not null,
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now(),
	last_used_at timestamptz,
	revoked_at timestamptz
);
create index api_keys_product on api_keys (product_id);

create table imports (
	id text primary key,
	product_id text not null references products (id) on delete cascade,
	format text not null check (format in ('jira', 'linear', 'generic')),
	state text not null default 'running' check (state in ('running', 'done', 'failed')),
	rows integer not null default 0,
	created integer not null default 0,
	updated integer not null default 0,
	skipped integer not null default 0,
	-- [{line, message}], the first 1,000 bad lines.
	errors jsonb not null default '[]',
	created_by text references users (id) on delete set null,
	created_at timestamptz not null default now(),
	finished_at timestamptz
);
create index imports_product on imports (product_id, created_at desc);

-- Every existing workshop creator gets a product that holds the workshops they made.
insert into products (id, name, slug, created_by)
select 'p' || substr(md5(u.id), 1, 15), u.name || '''s product', 'product-' || substr(md5(u.id), 1, 10), u.id
from users u
where exists (select 1 from workshops w where w.created_by = u.id);
insert into product_members (product_id, user_id, role)
select p.id, p.created_by, 'owner' from products p;
update workshops w set product_id = 'p' || substr(md5(w.created_by), 1, 15);
